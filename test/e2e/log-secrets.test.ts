import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, freePort } from "@bookstore/platform/testing";
import { request, type ApiResponse, type RequestOptions } from "../support/bookstore.js";

const CLI = join(import.meta.dirname, "../../apps/bookstore/bin/bookstore.mjs");

/**
 * issue 5 part 3: no secret, token or password in any log line. `bookstore start` runs as its own process at the
 * most verbose level ("trace"), a whole journey goes through it, and everything it wrote to stdout and stderr is
 * searched for every secret the journey used or was given.
 */
describe("logs of a full journey at trace level carry no secrets", () => {
  const jwtSecret = randomBytes(32).toString("hex");
  const hmacSecret = randomBytes(32).toString("hex");
  const secrets = new Map<string, string>([["JWT signing secret", jwtSecret], ["payment HMAC secret", hmacSecret]]);
  const secret = (what: string, value: string): string => {
    secrets.set(what, value);
    return value;
  };
  let child: ChildProcess;
  let output = "";
  let dataDir: string;
  let baseUrl: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "bookstore-log-secrets-"));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [CLI, "start"], {
      env: {
        PATH: process.env["PATH"],
        PORT: String(port),
        DATA_DIR: dataDir,
        BOOKSTORE_HOST: "127.0.0.1",
        BOOKSTORE_LOG_LEVEL: "trace",
        BOOKSTORE_AUTH__JWT_SECRET: jwtSecret,
        BOOKSTORE_PAYMENTS__HMAC_SECRET: hmacSecret,
        BOOKSTORE_PAYMENTS__CALLBACK_DELAY_MS: "50",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`bookstore start exited ${child.exitCode}: ${output.slice(-4000)}`);
      expect((await request(baseUrl, "GET", "/readyz")).status).toBe(200);
    }, { timeoutMs: 60_000, intervalMs: 250 });
  }, 90_000);

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, opts: RequestOptions = {}, status?: number): Promise<ApiResponse> => {
    const res = await request(baseUrl, method, path, opts);
    if (status !== undefined) expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
    return res;
  };
  const signed = (body: unknown, key: string, what: string) => {
    const raw = JSON.stringify(body);
    const signature = secret(what, `sha256=${createHmac("sha256", key).update(raw).digest("hex")}`);
    return call("POST", "/api/v1/payments/callback", { raw, headers: { "X-Signature": signature } });
  };

  it("runs the journey, then finds request lines but none of its secrets in the logs", async () => {
    // A customer registers, signs in, refreshes, shops, orders from the cart and pays.
    const username = `logs${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const password = secret("customer password", `pw-${randomUUID()}`);
    await call("POST", "/api/v1/auth/register", { body: { username, email: `${username}@example.test`, password } }, 201);
    const login = await call("POST", "/api/v1/auth/login", { body: { username, password } }, 200);
    secret("first access token", login.json.accessToken);
    secret("first refresh token", login.json.refreshToken);
    const refreshed = await call("POST", "/api/v1/auth/refresh", { body: { refreshToken: login.json.refreshToken } }, 200);
    const token = secret("access token", refreshed.json.accessToken);
    const refreshToken = secret("refresh token", refreshed.json.refreshToken);
    secret("Authorization header", `Bearer ${token}`);
    await call("POST", "/api/v1/auth/refresh", { body: { refreshToken: login.json.refreshToken } }, 401); // rotated away
    const me = await call("GET", "/api/v1/users/me", { token }, 200);

    const books = (await call("GET", "/api/v1/books?size=3", {}, 200)).json.items as { id: string }[];
    const bookId = books[0]?.id ?? "missing";
    await call("GET", `/api/v1/books/${bookId}`, {}, 200);
    await call("GET", `/api/v1/search?q=${encodeURIComponent("计算机")}`, {}, 200);
    await call("POST", "/api/v1/cart/items", { token, body: { bookId, quantity: 2 } }, 200);
    const order = await call("POST", "/api/v1/orders", { token, body: { fromCart: true }, headers: { "Idempotency-Key": randomUUID() } }, 201);
    const pay = await call("POST", `/api/v1/orders/${order.json.id}/pay`, { token }, 202);
    // The mock provider's own signed callback pays the order.
    await eventually(async () => expect((await call("GET", `/api/v1/orders/${order.json.id}`, { token })).json.status).toBe("paid"), { timeoutMs: 5_000 });
    const callback = { eventId: randomUUID(), paymentId: pay.json.paymentId, orderId: order.json.id, status: "succeeded", amountCents: order.json.payableCents };
    expect((await signed(callback, hmacSecret, "callback signature")).status).toBeLessThan(300);
    expect((await signed({ ...callback, eventId: randomUUID() }, "not-the-key", "forged callback signature")).status).toBe(401);

    // Staff work.
    const adminLogin = await call("POST", "/api/v1/auth/login", { body: { username: "admin", password: secret("admin password", "bookstore-admin") } }, 200);
    const admin = secret("admin access token", adminLogin.json.accessToken);
    secret("admin refresh token", adminLogin.json.refreshToken);
    await call("GET", "/api/v1/users?size=5", { token: admin }, 200);
    await call("POST", "/api/v1/admin/coupons", { token: admin, body: { userId: me.json.id, discountCents: 500 } }, 201);
    await call("PUT", `/api/v1/books/${bookId}/stock`, { token: admin, body: { available: 40 } }, 200);
    await call("POST", `/api/v1/orders/${order.json.id}/ship`, { token: admin }, 200);

    // Failures: a wrong password, tokens that are not valid, a used-up refresh token.
    const wrong = secret("wrong password", `wrong-${randomUUID()}`);
    await call("POST", "/api/v1/auth/login", { body: { username, password: wrong } }, 401);
    const forged = secret("forged bearer token", `${token.slice(0, -6)}AAAAAA`);
    await call("GET", "/api/v1/users/me", { token: forged }, 401);
    await call("GET", "/api/v1/orders", { token: secret("junk bearer token", `junk-${randomUUID()}`) }, 401);
    await call("POST", "/api/v1/auth/logout", { body: { refreshToken } }, 204);
    await call("POST", "/api/v1/auth/refresh", { body: { refreshToken } }, 401);

    // Stop the process so every buffered line is out.
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);

    const lines = output.split("\n").filter((l) => l.trim() !== "");
    const requests = lines.flatMap((l) => {
      if (!l.startsWith("{")) return [];
      const entry = JSON.parse(l) as { msg?: string; req?: { method?: string; url?: string } };
      return entry.msg === "incoming request" && entry.req ? [`${entry.req.method} ${entry.req.url?.split("?")[0]}`] : [];
    });
    // The logs saw the journey, so an absent secret means it was kept out, not that nothing was logged.
    for (const route of ["POST /api/v1/auth/register", "POST /api/v1/auth/login", "POST /api/v1/auth/refresh", "POST /api/v1/auth/logout",
      "POST /api/v1/cart/items", "POST /api/v1/orders", "POST /api/v1/payments/callback", "POST /api/v1/admin/coupons", "GET /api/v1/users/me"])
      expect(requests, route).toContain(route);

    for (const [what, value] of secrets) {
      expect(value.length, what).toBeGreaterThanOrEqual(8);
      expect(output.includes(value), `${what} appears in the logs`).toBe(false);
    }
    // Signatures also without their "sha256=" prefix.
    for (const hex of [...secrets.values()].flatMap((v) => /[0-9a-f]{64}$/.exec(v)?.[0] ?? []))
      expect(output.includes(hex), "an HMAC signature appears in the logs").toBe(false);
    expect(output, "an argon2 hash").not.toMatch(/\$argon2(id|i|d)\$/);
    expect(output, "a JWT").not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
    expect(output, "a signature header").not.toMatch(/sha256=[0-9a-f]{64}/);
  });
});
