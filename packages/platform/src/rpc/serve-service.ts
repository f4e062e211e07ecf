import http from "node:http";
import http2 from "node:http2";
import net, { type AddressInfo } from "node:net";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import type { Logger } from "../logger/index.js";
import type { Metrics } from "../metrics/index.js";
import { serverInterceptors, type RpcFaults } from "./interceptors.js";
import type { RegisterRoutes } from "./transports.js";

export interface ServedService {
  port: number;
  close(): Promise<void>;
}

/**
 * Distributed mode: one service on its own port, gRPC over cleartext HTTP/2, plus /healthz /readyz /metrics.
 * The port also answers HTTP/1.1 (Prometheus scrapes and Kubernetes probes speak only that): a connection that
 * opens with the HTTP/2 preface goes to the HTTP/2 server, any other to an HTTP/1.1 one with the same handler.
 */
export async function serveService(opts: {
  service: string;
  routes: RegisterRoutes;
  port: number;
  host?: string;
  logger: Logger;
  metrics: Metrics;
  ready: () => Promise<Record<string, boolean>>;
  faults?: RpcFaults;
}): Promise<ServedService> {
  const handler = connectNodeAdapter({
    routes: opts.routes,
    interceptors: serverInterceptors(opts.service, opts.logger, opts.metrics, opts.faults),
    fallback: (req, res) => {
      void (async () => {
        const path = (req.url ?? "").split("?")[0];
        if (req.method === "GET" && path === "/healthz") return send(res, 200, "application/json", '{"status":"ok"}');
        if (req.method === "GET" && path === "/readyz") {
          const checks = await opts.ready();
          const ok = Object.values(checks).every(Boolean);
          return send(res, ok ? 200 : 503, "application/json", JSON.stringify({ status: ok ? "ready" : "not_ready", checks }));
        }
        if (req.method === "GET" && path === "/metrics")
          return send(res, 200, opts.metrics.registry.contentType, await opts.metrics.registry.metrics());
        return send(res, 404, "application/json", '{"error":{"code":"NOT_FOUND","message":"no such route","details":{}}}');
      })().catch((e: unknown) => {
        opts.logger.error({ err: e }, "ops endpoint failed");
        send(res, 500, "application/json", '{"error":{"code":"INTERNAL","message":"internal error","details":{}}}');
      });
    },
  });
  const h2 = http2.createServer(handler);
  // HTTP/1.1 here is for scrapes and probes, seconds apart: one request per connection, so close() never waits on
  // an idle keep-alive socket (an unlistened http.Server does not track its connections).
  const h1 = http.createServer((req, res) => {
    res.setHeader("connection", "close");
    handler(req, res);
  });
  const sessions = new Set<http2.ServerHttp2Session>();
  h2.on("session", (s) => {
    sessions.add(s);
    s.once("close", () => sessions.delete(s));
  });
  const server = net.createServer((socket) => {
    socket.once("error", () => socket.destroy());
    socket.once("data", (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      // No HTTP/1 method starts with "PRI", the first bytes of the HTTP/2 connection preface.
      if (first.subarray(0, 3).toString("latin1") === "PRI") {
        h2.emit("connection", socket); // the session takes the buffered bytes and reads the socket natively
      } else {
        h1.emit("connection", socket);
        socket.resume();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle client sessions would hold close() open: ask them to go away once in-flight streams end.
        for (const s of sessions) s.close();
      }),
  };
}

/** The adapter's response type is a union of http1/http2 shapes; only these two calls are needed. */
interface MinimalResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
}

function send(res: MinimalResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type });
  res.end(body);
}
