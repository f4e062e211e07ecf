import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import type { Logger } from "../logger/index.js";
import type { Metrics } from "../metrics/index.js";
import { serverInterceptors, type RpcFaults } from "./interceptors.js";
import type { RegisterRoutes } from "./transports.js";

export interface ServedService {
  port: number;
  close(): Promise<void>;
}

/** Distributed mode: one service on its own port, gRPC over cleartext HTTP/2, plus /healthz /readyz /metrics. */
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
  const server = http2.createServer(handler);
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (s) => {
    sessions.add(s);
    s.once("close", () => sessions.delete(s));
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
