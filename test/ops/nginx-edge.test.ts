import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { connect as http2Connect, type IncomingHttpHeaders } from "node:http2";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { connect as tlsConnect, createServer as createTlsServer, type ConnectionOptions, type SecureVersion } from "node:tls";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { eventually, findBinary, freePort, servicesRequired } from "@bookstore/platform/testing";
import { nginxArgs, writeNginxConfig } from "../../apps/bookstore/src/cluster/nginx-config.js";
import { makeDevCertificate } from "../../apps/bookstore/src/cluster/dev-cert.js";
import { request, startBookstore, type TestBookstore } from "../support/bookstore.js";

const hasNginx = (): boolean => findBinary("nginx") !== undefined && findBinary("openssl") !== undefined;

interface Edge {
  httpsPort: number;
  httpPort: number;
  /** The dev certificate, which clients trust as their CA. */
  ca: Buffer;
  dir: string;
  stop(): Promise<void>;
}

interface H2Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  alpn: string | false | undefined;
}

/** Debian's nginx with deploy/nginx rendered into a temp dir, on free loopback ports (retried if a port was taken). */
async function startEdge(upstreams: string[]): Promise<Edge> {
  const bin = findBinary("nginx");
  if (!bin) throw new Error("nginx is not installed");
  const dir = mkdtempSync(join(tmpdir(), "bookstore-nginx-"));
  const cert = makeDevCertificate(join(dir, "tls"));
  const ca = readFileSync(cert.certFile);
  const fingerprint = new X509Certificate(ca).fingerprint256;
  let last: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    writeNginxConfig({
      dir, upstreams, httpListen: `127.0.0.1:${httpPort}`, httpsListen: `127.0.0.1:${httpsPort}`, ...cert, workerProcesses: 1,
      // As root nginx would run its workers as "nobody", who cannot use this private temp dir.
      ...(process.getuid?.() === 0 ? { workerUser: userInfo().username } : {}),
    });
    const child = spawn(bin, nginxArgs(dir), { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    try {
      await eventually(async () => {
        if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${stderr}${errorLog(dir)}`);
        // Ours, not a neighbour that won the port: it presents this run's certificate.
        const seen = await tlsHandshake(httpsPort, { ca });
        if (seen.fingerprint !== fingerprint) throw new Error(`port ${httpsPort} is held by another TLS server`);
      }, { timeoutMs: 15_000, intervalMs: 50 });
      return { httpPort, httpsPort, ca, dir, stop: () => stop(child).then(() => rmSync(dir, { recursive: true, force: true })) };
    } catch (e) {
      last = e;
      await stop(child);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`nginx did not start: ${last instanceof Error ? last.message : String(last)}`);
}

function errorLog(dir: string): string {
  try {
    return readFileSync(join(dir, "logs/error.log"), "utf8").slice(-2000);
  } catch {
    return "";
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
  });
}

/** One TLS handshake to 127.0.0.1:port: the protocol agreed and the server certificate's fingerprint. */
function tlsHandshake(port: number, opts: ConnectionOptions): Promise<{ protocol: string | null; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: "127.0.0.1", port, servername: "localhost", ...opts }, () => {
      const result = { protocol: socket.getProtocol(), fingerprint: socket.getPeerX509Certificate()?.fingerprint256 ?? "" };
      socket.destroy();
      resolve(result);
    });
    socket.once("error", reject);
  });
}

/** Pinned to one TLS version; SECLEVEL=0 so this client is able to offer TLS 1.1 at all (OpenSSL 3 refuses by default). */
const onlyVersion = (v: SecureVersion): ConnectionOptions => ({ minVersion: v, maxVersion: v, ciphers: "DEFAULT@SECLEVEL=0" });

describe.runIf(hasNginx() || servicesRequired)("nginx edge (deploy/nginx)", () => {
  let gateways: TestBookstore[] = [];
  let edge: Edge;
  const origin = () => `https://127.0.0.1:${edge.httpsPort}`;

  /** A request over a fresh HTTP/2 TLS session that trusts only the dev certificate. */
  const h2 = (path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    new Promise<H2Response>((resolve, reject) => {
      const session = http2Connect(origin(), { ca: edge.ca });
      session.once("error", reject);
      const req = session.request({ ":method": opts.method ?? "GET", ":path": path, ...opts.headers });
      const chunks: Buffer[] = [];
      let headers: IncomingHttpHeaders = {};
      req.once("response", (h) => (headers = h));
      req.on("data", (c: Buffer) => chunks.push(c));
      req.once("end", () => {
        const alpn = session.alpnProtocol;
        session.close();
        resolve({ status: Number(headers[":status"]), headers, body: Buffer.concat(chunks), alpn });
      });
      req.once("error", reject);
      req.end(opts.body);
    });
  const json = (r: H2Response): unknown => JSON.parse(r.body.toString("utf8"));

  beforeAll(async () => {
    // One JWT secret, so a token from either gateway is good on both (nginx may send the next request elsewhere).
    const env = { BOOKSTORE_AUTH__JWT_SECRET: randomBytes(32).toString("hex") };
    gateways = [await startBookstore({ env }), await startBookstore({ env })];
    edge = await startEdge(gateways.map((g) => new URL(g.baseUrl).host));
  });
  afterAll(async () => {
    await edge?.stop();
    for (const g of gateways) await g.close();
  });

  it("serves the API over HTTP/2 with TLS (ALPN h2, certificate checked)", async () => {
    const res = await h2("/api/v1/books");
    expect(res.alpn).toBe("h2");
    expect(res.status).toBe(200);
    const body = json(res) as { items: unknown[]; total: number };
    expect(body.items.length).toBeGreaterThan(0);
  });

  it("speaks TLS 1.2 and 1.3 and refuses TLS 1.1", async () => {
    expect((await tlsHandshake(edge.httpsPort, { ca: edge.ca, ...onlyVersion("TLSv1.3") })).protocol).toBe("TLSv1.3");
    expect((await tlsHandshake(edge.httpsPort, { ca: edge.ca, ...onlyVersion("TLSv1.2") })).protocol).toBe("TLSv1.2");
    await expect(tlsHandshake(edge.httpsPort, { ca: edge.ca, ...onlyVersion("TLSv1.1") })).rejects.toThrow();

    // Control: this client does complete TLS 1.1 with a server that allows it, so the refusal above is nginx's.
    const cert = readFileSync(join(edge.dir, "tls/dev-cert.pem"));
    const key = readFileSync(join(edge.dir, "tls/dev-key.pem"));
    const legacy = createTlsServer({ cert, key, minVersion: "TLSv1", ciphers: "DEFAULT@SECLEVEL=0" }, (s) => s.end());
    await new Promise<void>((r) => legacy.listen(0, "127.0.0.1", r));
    try {
      const address = legacy.address();
      const port = typeof address === "object" && address ? address.port : 0;
      expect((await tlsHandshake(port, { ca: edge.ca, ...onlyVersion("TLSv1.1") })).protocol).toBe("TLSv1.1");
    } finally {
      legacy.close();
    }
  });

  it("redirects plain HTTP to HTTPS with 301, keeping path and query", async () => {
    const res = await fetch(`http://127.0.0.1:${edge.httpPort}/api/v1/books?page=2`, { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(`https://127.0.0.1:${edge.httpsPort}/api/v1/books?page=2`);
  });

  it("gives each request an X-Request-Id that the gateway receives and echoes, keeping a client's own", async () => {
    // Straight to a gateway without one, the gateway makes a UUID: a 32-hex id below can only be nginx's, passed on.
    const direct = await request(gateways[0]!.baseUrl, "GET", "/healthz");
    expect(direct.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);

    const [a, b] = [await h2("/api/v1/categories"), await h2("/api/v1/categories")];
    expect(a.headers["x-request-id"]).toMatch(/^[0-9a-f]{32}$/);
    expect(b.headers["x-request-id"]).toMatch(/^[0-9a-f]{32}$/);
    expect(a.headers["x-request-id"]).not.toBe(b.headers["x-request-id"]);

    const own = await h2("/api/v1/categories", { headers: { "x-request-id": "checkout-7f3a.2" } });
    expect(own.headers["x-request-id"]).toBe("checkout-7f3a.2");
    // Not a sane token: replaced at the edge rather than written into the logs.
    const odd = await h2("/api/v1/categories", { headers: { "x-request-id": "a b<script>" } });
    expect(odd.headers["x-request-id"]).toMatch(/^[0-9a-f]{32}$/);
    // Error answers carry it too.
    const missing = await h2("/api/v1/no-such-route", { headers: { "x-request-id": "trace-404" } });
    expect(missing.status).toBe(404);
    expect(missing.headers["x-request-id"]).toBe("trace-404");
  });

  it("balances requests over both gateways", async () => {
    const counts = async () => Promise.all(gateways.map(async (g) => categoriesServed(await request(g.baseUrl, "GET", "/metrics"))));
    const before = await counts();
    for (let i = 0; i < 10; i++) expect((await h2("/api/v1/categories")).status).toBe(200);
    const after = await counts();
    const served = after.map((n, i) => n - (before[i] ?? 0));
    expect(served[0]).toBeGreaterThan(0);
    expect(served[1]).toBeGreaterThan(0);
    expect((served[0] ?? 0) + (served[1] ?? 0)).toBe(10);
  });

  it("compresses JSON with gzip for clients that accept it", async () => {
    const plain = await h2("/api/v1/books?size=100");
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024); // over gzip_min_length, so the case below can fail

    const zipped = await h2("/api/v1/books?size=100", { headers: { "accept-encoding": "gzip" } });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers["vary"]).toMatch(/accept-encoding/i);
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    // The two gateways front separate demo stores (ids differ), so compare what both hold: the same books.
    const isbns = (b: Buffer) => (JSON.parse(b.toString("utf8")) as { items: { isbn: string }[] }).items.map((i) => i.isbn).sort();
    expect(isbns(gunzipSync(zipped.body))).toEqual(isbns(plain.body));
  });

  it("answers nginx's own refusals in the API error shape and keeps /metrics off the edge", async () => {
    const big = await h2("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "x".repeat(1_100_000), password: "p" }),
    });
    expect(big.status).toBe(400);
    expect(json(big)).toMatchObject({ error: { code: "VALIDATION_FAILED", message: "request body too large" } });

    const metrics = await h2("/metrics");
    expect(metrics.status).toBe(404);
    expect(json(metrics)).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("carries a WebSocket on /ws through to a gateway (auth → ready)", async () => {
    const login = await h2("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "customer", password: "bookstore-customer" }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = json(login) as { accessToken: string };

    const ws = new WebSocket(`wss://127.0.0.1:${edge.httpsPort}/ws`, { ca: edge.ca });
    try {
      const first = await new Promise<unknown>((resolve, reject) => {
        ws.once("open", () => ws.send(JSON.stringify({ type: "auth", accessToken })));
        ws.once("message", (data: Buffer) => resolve(JSON.parse(data.toString("utf8"))));
        ws.once("unexpected-response", (_req, res) => reject(new Error(`/ws answered HTTP ${res.statusCode}`)));
        ws.once("error", reject);
        ws.once("close", (code) => reject(new Error(`closed ${code} before ready`)));
      });
      expect(first).toMatchObject({ type: "ready" });
    } finally {
      ws.terminate();
    }
  });

  // Last: it stops the gateways.
  it("answers 503 UNAVAILABLE in the API error shape when no gateway answers", async () => {
    for (const g of gateways) await g.close();
    gateways = [];
    const res = await h2("/api/v1/books", { headers: { "x-request-id": "edge-down-1" } });
    expect(res.status).toBe(503);
    expect(res.headers["x-request-id"]).toBe("edge-down-1");
    expect(json(res)).toEqual({ error: { code: "UNAVAILABLE", message: "no gateway answered", details: { requestId: "edge-down-1" } } });
  });
});

/** GET /api/v1/categories answered 200 by one gateway so far, from its Prometheus text. */
function categoriesServed(metrics: { text: string }): number {
  const line = metrics.text
    .split("\n")
    .find((l) => l.startsWith("http_request_duration_seconds_count{") && l.includes('route="/api/v1/categories"') &&
      l.includes('method="GET"') && l.includes('status="200"'));
  return line === undefined ? 0 : Number(line.split(" ").at(-1));
}

describe.runIf(hasNginx() || servicesRequired)("nginx edge: POSTs resent to the other gateway when one dies mid-request", () => {
  // Two "gateways" (two ports, one fake): the next request after `dieOnNext` is read and then its connection is
  // dropped without an answer, as by a gateway SIGKILLed while handling it; every other request is answered 201.
  let dieOnNext = false;
  const answered: string[] = [];
  const servers: Server[] = [];
  let edge: Edge;

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const server = createHttpServer((req, res) => {
        req.resume();
        req.once("end", () => {
          if (dieOnNext) {
            dieOnNext = false;
            req.socket.destroy();
            return;
          }
          answered.push(`${req.method} ${req.url}`);
          res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      servers.push(server);
    }
    edge = await startEdge(servers.map((s) => `127.0.0.1:${(s.address() as AddressInfo).port}`));
  });
  afterAll(async () => {
    await edge?.stop();
    for (const s of servers) await new Promise((resolve) => s.close(resolve));
  });

  const post = (path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpsRequest(
        { host: "127.0.0.1", port: edge.httpsPort, path, method: "POST", ca: edge.ca, servername: "localhost", headers: { "content-type": "application/json", "idempotency-key": "edge-resend" } },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.once("error", reject);
      req.end("{}");
    });

  it("resends placing an order, paying and the payment callback (safe twice), and answers 503 for other POSTs", async () => {
    for (const path of ["/api/v1/orders", "/api/v1/orders/386919439360925696/pay", "/api/v1/payments/callback"]) {
      dieOnNext = true;
      answered.length = 0;
      const res = await post(path);
      expect(res.status, `${path}: ${res.body}`).toBe(201);
      expect(dieOnNext, `${path} reached the dying gateway first`).toBe(false);
      expect(answered).toEqual([`POST ${path}`]);
    }
    dieOnNext = true;
    answered.length = 0;
    const cart = await post("/api/v1/cart/items");
    expect(cart.status).toBe(503);
    expect(JSON.parse(cart.body)).toMatchObject({ error: { code: "UNAVAILABLE" } });
    expect(answered).toEqual([]); // never sent twice: it may have been applied
  });
});
