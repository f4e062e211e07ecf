import { WebSocket } from "ws";

/** A message the server sent, with when it arrived (Date.now()), for "within 1 s" checks. */
export interface LiveMessage {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON shapes
  data: any;
  receivedAt: number;
}

export interface LiveClient {
  socket: WebSocket;
  /** Every message received so far, in order. */
  messages: LiveMessage[];
  /** Resolves with the close code and reason once the socket is closed (by either side). */
  closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
  sendRaw(text: string): void;
  /** The first message (already received or yet to come) matching `match`; rejects after `timeoutMs`. */
  waitFor(match: (data: LiveMessage["data"]) => boolean, timeoutMs?: number): Promise<LiveMessage>;
  /** Messages received so far that match. */
  received(match: (data: LiveMessage["data"]) => boolean): LiveMessage[];
  close(): Promise<void>;
}

/**
 * http://host:port → ws://host:port/ws (or `path`), opened; nothing is sent yet. `autoPong: false` makes a peer
 * that never answers the server's pings (a dead client, for heartbeat tests).
 */
export async function connectLive(baseUrl: string, path = "/ws", opts: { autoPong?: boolean } = {}): Promise<LiveClient> {
  const socket = new WebSocket(baseUrl.replace(/^http/, "ws") + path, { autoPong: opts.autoPong ?? true });
  const messages: LiveMessage[] = [];
  const waiters = new Set<() => void>();
  socket.on("message", (raw: Buffer) => {
    messages.push({ data: JSON.parse(raw.toString("utf8")), receivedAt: Date.now() });
    for (const w of waiters) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString("utf8") })),
  );
  // A refused or reset connection surfaces through `closed`; without a listener it would be an uncaught error.
  socket.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("unexpected-response", (_req, res) => reject(new Error(`/ws answered HTTP ${res.statusCode}`)));
    socket.once("error", reject);
  });

  const find = (match: (d: LiveMessage["data"]) => boolean) => messages.find((m) => match(m.data));
  return {
    socket,
    messages,
    closed,
    send: (message) => socket.send(JSON.stringify(message)),
    sendRaw: (text) => socket.send(text),
    received: (match) => messages.filter((m) => match(m.data)),
    waitFor: (match, timeoutMs = 5_000) =>
      new Promise<LiveMessage>((resolve, reject) => {
        const hit = find(match);
        if (hit) return resolve(hit);
        const check = () => {
          const found = find(match);
          if (!found) return;
          done();
          resolve(found);
        };
        // On a starved machine the timer can fire in the same loop turn in which the socket became readable: one
        // setImmediate lets the poll phase read what already arrived before the verdict.
        const timer = setTimeout(() => setImmediate(() => {
          done();
          const late = find(match);
          if (late) resolve(late);
          else reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages.map((m) => m.data))}`));
        }), timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
      }),
    close: async () => {
      if (socket.readyState === WebSocket.CLOSED) return;
      socket.close(1000);
      // A server that never answers the close frame is cut off by ws itself after its close timeout.
      await closed;
    },
  };
}

/** Connected, authenticated with `accessToken`, and {"type":"ready"} received. */
export async function connectReady(baseUrl: string, accessToken: string): Promise<LiveClient> {
  const client = await connectLive(baseUrl);
  client.send({ type: "auth", accessToken });
  await client.waitFor((m) => m.type === "ready");
  return client;
}
