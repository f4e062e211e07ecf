import http2 from "node:http2";

/** GET <baseUrl>/healthz over cleartext HTTP/2 (what `bookstore serve` speaks): true when it answers 200 in time. */
export function probeHealth(baseUrl: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      session.close();
      resolve(ok);
    };
    const session = http2.connect(baseUrl);
    const timer = setTimeout(() => {
      session.destroy();
      finish(false);
    }, timeoutMs);
    session.once("error", () => finish(false));
    const req = session.request({ ":path": "/healthz" });
    req.once("response", (headers) => finish(headers[":status"] === 200));
    // Drain the body: a graceful session.close() waits for this stream to end, and so would the server's close().
    req.resume();
    req.once("error", () => finish(false));
    req.end();
  });
}
