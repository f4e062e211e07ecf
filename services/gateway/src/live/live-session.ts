import type { RawData, WebSocket } from "ws";
import type { Logger } from "@bookstore/platform/logger";
import type { LiveIdentity } from "./access-token.js";
import type { LiveCloseReason, LiveMetrics } from "./live-metrics.js";
import { CLOSE, parseClientMessage, type ClientMessage } from "./live-protocol.js";

/** setTimeout's limit (~24.8 days); longer delays would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LiveSessionDeps {
  verify(token: string): Promise<LiveIdentity | undefined>;
  /** Told once the socket has a user (first successful auth) and once it closed. */
  onAuthenticated(session: LiveSession): void;
  onClosed(session: LiveSession): void;
  metrics: LiveMetrics;
  logger: Logger;
  settings: { authTimeoutMs: number; maxBufferedBytes: number };
}

/**
 * One /ws socket: waits for {"type":"auth"} (4401 when it does not come in time or the token is bad), then carries
 * the user's messages until the token expires (4401), the peer stops answering pings (terminated), it reads too
 * slowly (1013) or the gateway shuts down (1001). Client messages are handled one at a time, in order.
 */
export class LiveSession {
  private identity: LiveIdentity | undefined;
  private authTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private alive = true;
  private closeReason: LiveCloseReason | undefined;
  private inbox: Promise<void> = Promise.resolve();
  readonly closed: Promise<void>;

  constructor(
    private readonly socket: WebSocket,
    private readonly deps: LiveSessionDeps,
  ) {
    deps.metrics.connections.inc();
    this.authTimer = setTimeout(() => this.close(CLOSE.unauthenticated, "authentication timeout", "auth_timeout"), deps.settings.authTimeoutMs);
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
    void this.closed.then(() => this.onClosed());
    socket.on("pong", () => (this.alive = true));
    socket.on("message", (data, isBinary) => {
      this.inbox = this.inbox.then(() => this.onMessage(data, isBinary)).catch((err: unknown) => this.fail(err));
    });
  }

  get userId(): string | undefined {
    return this.identity?.userId;
  }

  /** One heartbeat tick: a peer that did not answer the previous ping is gone (no close handshake to wait for). */
  heartbeat(): void {
    if (!this.alive) {
      this.closing("heartbeat");
      this.socket.terminate();
      return;
    }
    this.alive = false;
    if (this.socket.readyState === this.socket.OPEN) this.socket.ping();
  }

  /**
   * Sends unless the peer is too slow: past maxBufferedBytes of unsent data the socket is closed with 1013
   * instead of buffering without bound (the close frame waits behind what is queued; the heartbeat or ws's
   * close timeout ends a peer that never reads it).
   */
  send(type: string, text: string): void {
    if (this.closeReason !== undefined || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.deps.settings.maxBufferedBytes) {
      this.close(CLOSE.slowConsumer, "client too slow: send buffer full", "slow_consumer");
      return;
    }
    this.socket.send(text);
    this.deps.metrics.messagesSent.inc({ type });
  }

  /** Gateway shutdown: 1001 now; `terminate` ends whatever did not finish the close handshake in time. */
  goAway(): void {
    this.close(CLOSE.goingAway, "server shutting down", "shutdown");
  }

  terminate(): void {
    this.socket.terminate();
  }

  private async onMessage(data: RawData, isBinary: boolean): Promise<void> {
    if (this.closeReason !== undefined) return;
    const parsed = !isBinary && Buffer.isBuffer(data) ? parseClientMessage(data.toString("utf8")) : undefined;
    if (!parsed?.ok) {
      const message = parsed?.message ?? "binary messages are not supported";
      // Before authentication the only acceptable message is auth; anything else ends the attempt.
      if (!this.identity) return this.close(CLOSE.unauthenticated, `expected {"type":"auth","accessToken"}: ${message}`.slice(0, 120), "auth_failed");
      return this.sendError("VALIDATION_FAILED", message);
    }
    await this.handle(parsed.message);
  }

  private async handle(message: ClientMessage): Promise<void> {
    if (message.type === "ping") {
      if (!this.identity) return this.close(CLOSE.unauthenticated, 'expected {"type":"auth","accessToken"} first', "auth_failed");
      return this.send("pong", JSON.stringify({ type: "pong" }));
    }
    const identity = await this.deps.verify(message.accessToken);
    if (this.closeReason !== undefined) return;
    if (!identity) return this.close(CLOSE.unauthenticated, "invalid or expired access token", "auth_failed");
    // A session belongs to one user for its whole life: routing was set up for them.
    if (this.identity && this.identity.userId !== identity.userId)
      return this.close(CLOSE.unauthenticated, "access token of another user", "auth_failed");
    const first = !this.identity;
    this.identity = identity;
    clearTimeout(this.authTimer);
    clearTimeout(this.expiryTimer);
    this.expiryTimer = setTimeout(
      () => this.close(CLOSE.unauthenticated, "access token expired", "token_expired"),
      Math.min(MAX_TIMER_MS, Math.max(0, identity.expiresAtMs - Date.now())),
    );
    // Same tick as the registration, so no event slips in before "ready".
    this.send("ready", JSON.stringify({ type: "ready" }));
    if (first) this.deps.onAuthenticated(this);
  }

  private sendError(code: string, message: string): void {
    this.send("error", JSON.stringify({ type: "error", error: { code, message, details: {} } }));
  }

  private close(code: number, reason: string, label: LiveCloseReason): void {
    if (!this.closing(label)) return;
    this.socket.close(code, reason);
  }

  /**
   * Records why the socket ends, once. Counted now rather than at the 'close' event: a peer that never reads does not
   * finish the close handshake, and the decision is what the operator needs to see.
   */
  private closing(label: LiveCloseReason): boolean {
    if (this.closeReason !== undefined) return false;
    this.closeReason = label;
    clearTimeout(this.authTimer);
    clearTimeout(this.expiryTimer);
    this.deps.metrics.closed.inc({ reason: label });
    return true;
  }

  /** A socket error (or a bug in a handler): logged, and the socket is dropped rather than left half-working. */
  fail(err: unknown): void {
    this.deps.logger.warn({ err, userId: this.userId }, "live socket failed");
    this.closing("error");
    this.socket.terminate();
  }

  private onClosed(): void {
    this.closing("client");
    this.deps.metrics.connections.dec();
    this.deps.onClosed(this);
  }
}
