import { loadSession } from "../api/session.js";

const POLL_MS = 2000;

/**
 * Calls `refresh` whenever an order may have changed: on each {"type":"order.updated"} from WebSocket /ws (DESIGN.md
 * live protocol), and every 2 s while the socket is not ready (no /ws yet, refused, or dropped), so the page never
 * depends on the socket alone. Returns the stop function.
 */
export function watchOrders(refresh: (orderId?: string) => void): () => void {
  let stopped = false;
  let ready = false;
  let socket: WebSocket | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const poll = setInterval(() => {
    if (!ready) refresh();
  }, POLL_MS);

  const connect = () => {
    const session = loadSession();
    if (stopped || !session) return;
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: "auth", accessToken: session.accessToken }));
    ws.onmessage = (ev) => {
      let msg: unknown;
      try {
        msg = JSON.parse(String(ev.data));
      } catch (e) {
        console.warn("ignoring non-JSON live message", e);
        return;
      }
      const m = msg as { type?: unknown; order?: { id?: unknown } };
      if (m.type === "ready") {
        ready = true;
        refresh(); // anything that changed while connecting
      } else if (m.type === "order.updated") refresh(typeof m.order?.id === "string" ? m.order.id : undefined);
    };
    ws.onclose = () => {
      ready = false;
      // Back off: the socket may be missing entirely (older gateway); polling covers the gap.
      if (!stopped) retryTimer = setTimeout(connect, 15_000);
    };
  };
  connect();

  return () => {
    stopped = true;
    clearInterval(poll);
    if (retryTimer) clearTimeout(retryTimer);
    socket?.close();
  };
}
