import type { WebSocket } from "ws";
import type { Logger } from "@bookstore/platform/logger";
import type { LiveIdentity } from "./access-token.js";
import type { LiveMetrics } from "./live-metrics.js";
import { parseEnvelope } from "./live-protocol.js";
import { LiveSession } from "./live-session.js";

export interface LiveHubDeps {
  verify(token: string): Promise<LiveIdentity | undefined>;
  metrics: LiveMetrics;
  logger: Logger;
  settings: { authTimeoutMs: number; maxBufferedBytes: number };
}

/**
 * This gateway's sockets, by user. Messages from the event bus go only to the sockets of the envelope's user;
 * a user's sockets on other gateways get theirs from the same bus message (every gateway subscribes).
 */
export class LiveHub {
  private readonly sessions = new Set<LiveSession>();
  private readonly byUser = new Map<string, Set<LiveSession>>();

  constructor(private readonly deps: LiveHubDeps) {}

  open(socket: WebSocket): LiveSession {
    const session = new LiveSession(socket, {
      ...this.deps,
      onAuthenticated: (s) => this.attach(s),
      onClosed: (s) => this.detach(s),
    });
    this.sessions.add(session);
    return session;
  }

  /** A payload from the bus: {userId, message}. Serialized once, whatever the number of the user's sockets. */
  route(payload: string): void {
    const envelope = parseEnvelope(payload);
    if (!envelope) {
      this.deps.logger.warn({ bytes: payload.length }, "dropped a malformed live message from the event bus");
      return;
    }
    const targets = this.byUser.get(envelope.userId);
    if (!targets) return;
    const text = JSON.stringify(envelope.message);
    for (const session of targets) session.send(envelope.message.type, text);
  }

  heartbeat(): void {
    for (const session of this.sessions) session.heartbeat();
  }

  /** 1001 to every socket, then up to `graceMs` for the close handshakes; the rest are cut. */
  async shutdown(graceMs: number): Promise<void> {
    const all = [...this.sessions];
    for (const session of all) session.goAway();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.all(all.map((s) => s.closed)), grace]);
    clearTimeout(timer);
    for (const session of this.sessions) session.terminate();
  }

  private attach(session: LiveSession): void {
    const userId = session.userId;
    if (userId === undefined) return;
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(session);
  }

  private detach(session: LiveSession): void {
    this.sessions.delete(session);
    const userId = session.userId;
    if (userId === undefined) return;
    const set = this.byUser.get(userId);
    set?.delete(session);
    if (set?.size === 0) this.byUser.delete(userId);
  }
}
