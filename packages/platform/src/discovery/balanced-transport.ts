import { Code, ConnectError, type Transport } from "@connectrpc/connect";
import type { Counter } from "prom-client";
import { fromConnectError } from "../errors/index.js";
import { isIdempotent } from "./idempotent-rpc.js";
import type { LiveInstance } from "./instance-watcher.js";

export interface BalancedTransportDeps {
  service: string;
  /** The live set (from the watcher), read on every call. */
  instances(): LiveInstance[];
  /** Resolves once the live set has been listed at least once. */
  started: Promise<void>;
  /** A call waits at most this long for that first listing, then fails with UNAVAILABLE. */
  startTimeoutMs?: number;
  /** One HTTP/2 transport per instance URL, kept by the caller (shared by every client of that instance). */
  transportFor(url: string): Transport;
  /** The socket calls to `url` currently use, when the caller tracks it (see Discovery.instanceTransport). */
  connectionTo?(url: string): { readonly destroyed: boolean } | undefined;
  /** Told about every call that failed on its way to an instance, and what was done about it (for the log). */
  onFailure?(failure: { service: string; method: string; url: string; kind: "not-sent" | "maybe-sent"; action: "retried" | "given-up"; closedBeforeSend: boolean; error: unknown }): void;
  retries: Counter<"service">;
  /** How long an instance that refused a connection is skipped (until etcd drops it or it answers again). */
  ejectMs?: number;
  now?: () => number;
}

/**
 * Nothing reached a handler, so the request can go elsewhere whatever it does: the connection was refused, or the
 * stream was opened on a session the server had already sent GOAWAY on (HTTP/2: such streams are not processed).
 */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ERR_HTTP2_GOAWAY_SESSION"]);
const RESET = new Set(["ECONNRESET", "ERR_HTTP2_STREAM_CANCEL", "ERR_HTTP2_SESSION_ERROR", "ERR_HTTP2_INVALID_SESSION"]);

/** Node error codes along the `cause` chain (connect-node keeps the socket error as the cause). */
function codesOf(e: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  for (let x: unknown = e; x instanceof Error && !seen.has(x); x = x.cause) {
    seen.add(x);
    if ("code" in x && typeof x.code === "string") codes.push(x.code);
  }
  return codes;
}

/** 'not-sent': safe for any RPC; 'maybe-sent': only an idempotent one may go again; 'final': the answer stands. */
function classify(e: unknown, signal: AbortSignal | undefined): "not-sent" | "maybe-sent" | "final" {
  if (signal?.aborted) return "final";
  const codes = codesOf(e);
  if (codes.some((c) => NOT_SENT.has(c))) return "not-sent";
  // RST_STREAM REFUSED_STREAM: the server refused the stream before any processing (RFC 9113 §8.7).
  if (e instanceof ConnectError && e.rawMessage.includes("REFUSED_STREAM")) return "not-sent";
  if (e instanceof ConnectError && e.code === Code.Unavailable) return "maybe-sent";
  // connect-node reports a stream reset by a dying peer as ABORTED; our own errors never use that code.
  if (e instanceof ConnectError && e.code === Code.Aborted) return "maybe-sent";
  // A session that closes under open streams (the peer was SIGKILLed mid-request) cancels them: CANCELED although
  // this caller cancelled nothing (its signal is not aborted, checked above).
  if (e instanceof ConnectError && e.code === Code.Canceled) return "maybe-sent";
  if (codes.some((c) => RESET.has(c))) return "maybe-sent";
  return "final";
}

const asAppError = (e: unknown): unknown => (e instanceof ConnectError || !(e instanceof Error) ? fromConnectError(e) : e);

/**
 * Client side of discovery: each call goes to the next live instance (round-robin). A call that fails with
 * UNAVAILABLE (connection refused or reset) is retried once on another instance if it is idempotent (reads; see
 * isIdempotent) or if the connection was refused (nothing was sent, so even a write is safe). No live instance →
 * UNAVAILABLE at once. An instance that refused a connection is skipped for `ejectMs` (a SIGKILLed process stays in
 * etcd until its lease expires). Streams are balanced but never retried.
 */
export class BalancedTransport implements Transport {
  private next = 0;
  private listed = false;
  private readonly ejected = new Map<string, number>();
  private readonly ejectMs: number;
  private readonly now: () => number;

  constructor(private readonly deps: BalancedTransportDeps) {
    this.ejectMs = deps.ejectMs ?? 2_000;
    this.now = deps.now ?? Date.now;
  }

  /** The next instance, skipping `avoid` and ejected ones while any other is left. */
  private async pick(avoid?: string): Promise<LiveInstance> {
    if (!this.listed) await this.waitForListing();
    const all = this.deps.instances();
    const now = this.now();
    const usable = all.filter((i) => i.url !== avoid && (this.ejected.get(i.url) ?? 0) <= now);
    const pool = usable.length > 0 ? usable : all.filter((i) => i.url !== avoid);
    if (pool.length === 0) throw new ConnectError(`no live instance of ${this.deps.service}`, Code.Unavailable);
    const chosen = pool[this.next++ % pool.length] as LiveInstance;
    if (this.next > 1e9) this.next = 0;
    return chosen;
  }

  private async waitForListing(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ConnectError(`${this.deps.service}: etcd has not answered yet`, Code.Unavailable)),
        this.deps.startTimeoutMs ?? 3_000,
      );
    });
    try {
      await Promise.race([this.deps.started, timeout]);
      this.listed = true;
    } finally {
      clearTimeout(timer);
    }
  }

  private failed(url: string, kind: "not-sent" | "maybe-sent" | "final"): void {
    if (kind === "not-sent") this.ejected.set(url, this.now() + this.ejectMs);
  }

  unary: Transport["unary"] = async (method, signal, timeoutMs, header, input, contextValues) => {
    try {
      // A write is never resent once it may have reached a handler. Right after a peer is SIGKILLed, the close of our
      // session to it can still sit unread in this event-loop turn; one turn lets Node see it, so the write opens a new
      // connection, is refused (not sent) and goes to another instance instead of dying with the old session.
      if (!isIdempotent(method)) await new Promise<void>((resolve) => setImmediate(resolve));
      const first = await this.pick();
      // That turn reads the peer's FIN and closes the socket, but the HTTP/2 session on it learns so a turn later: a
      // stream opened meanwhile goes nowhere. A write that fails on a socket that was already closed when it was sent
      // (and has not been replaced since) cannot have reached a handler, so it may go to another instance.
      const connection = this.deps.connectionTo?.(first.url);
      const closedBeforeSend = connection?.destroyed === true;
      try {
        return await this.deps.transportFor(first.url).unary(method, signal, timeoutMs, header, input, contextValues);
      } catch (e) {
        let kind = classify(e, signal);
        if (kind === "maybe-sent" && closedBeforeSend && this.deps.connectionTo?.(first.url) === connection) kind = "not-sent";
        this.failed(first.url, kind);
        if (kind === "final") throw e;
        const givenUp = kind === "maybe-sent" && !isIdempotent(method);
        this.deps.onFailure?.({ service: this.deps.service, method: method.name, url: first.url, kind, action: givenUp ? "given-up" : "retried", closedBeforeSend, error: e });
        if (givenUp)
          // Not a bug of ours (500) but a lost peer: UNAVAILABLE (503), and the client may retry where the API is
          // idempotent (POST /orders with its Idempotency-Key).
          throw new ConnectError(`${this.deps.service}: connection lost during ${method.name}; it may or may not have been applied`, Code.Unavailable, undefined, undefined, e);
        let second: LiveInstance;
        try {
          second = await this.pick(first.url);
        } catch {
          throw e; // no other instance: the original failure says more
        }
        this.deps.retries.labels({ service: this.deps.service }).inc();
        try {
          return await this.deps.transportFor(second.url).unary(method, signal, timeoutMs, header, input, contextValues);
        } catch (e2) {
          this.failed(second.url, classify(e2, signal));
          throw e2;
        }
      }
    } catch (e) {
      // Same contract as the static transport: callers see the AppError the peer raised, never Connect types.
      throw asAppError(e);
    }
  };

  stream: Transport["stream"] = async (method, signal, timeoutMs, header, input, contextValues) => {
    try {
      const instance = await this.pick();
      return await this.deps.transportFor(instance.url).stream(method, signal, timeoutMs, header, input, contextValues);
    } catch (e) {
      throw asAppError(e);
    }
  };
}
