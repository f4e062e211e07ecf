import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@bookstore/platform/testing";
import { request, type ApiResponse } from "../support/bookstore.js";
import { distributedEnv, runBookstore } from "../support/distributed-bookstore.js";

const SERVICES = ["user", "catalog", "order"] as const;

const exited = (c: ChildProcess) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once("exit", () => resolve())));

interface SagaRow {
  order_id: bigint;
  state: string;
  current_step: string;
}

/**
 * issue 4: kill -9 of the order service in the middle of a place-order saga (stock reserved in the catalog, coupon
 * not yet frozen in the user service). The restarted process finds the saga in its log and compensates it: the
 * stock goes back, the coupon stays available, no saga is left running, and the same Idempotency-Key works again.
 */
describe("place-order saga survives kill -9 of the order service (separate processes over gRPC)", () => {
  const children = new Map<string, ChildProcess>();
  let dataDir: string;
  let baseUrl: string;
  let env: NodeJS.ProcessEnv;

  // The order process is killed during this pause; the restarted one runs without it.
  const orderEnv = (pauseMs: number): NodeJS.ProcessEnv => ({
    ...env,
    BOOKSTORE_SAGA__TEST_PAUSE_AFTER_RESERVE_MS: String(pauseMs),
    BOOKSTORE_SAGA__LEASE_MS: "1000",
    BOOKSTORE_SAGA__RECOVERY_INTERVAL_MS: "250",
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "bookstore-saga-crash-"));
    ({ env, baseUrl } = await distributedEnv(dataDir));
    const seed = runBookstore(["seed", "--demo"], env);
    expect(await new Promise<number | null>((resolve) => seed.once("exit", resolve))).toBe(0);
    for (const s of SERVICES) children.set(s, runBookstore(["serve", s], s === "order" ? orderEnv(30_000) : env));
    children.set("gateway", runBookstore(["serve", "gateway"], env));
    await eventually(async () => {
      const res = await request(baseUrl, "POST", "/api/v1/auth/login", { body: { username: "customer", password: "bookstore-customer" } });
      expect(res.status).toBe(200);
    }, { timeoutMs: 60_000, intervalMs: 250 });
  }, 90_000);

  afterAll(async () => {
    await Promise.all(
      [...children.values()].map(async (c) => {
        if (c.exitCode === null && c.signalCode === null) {
          c.kill("SIGTERM");
          setTimeout(() => c.kill("SIGKILL"), 5_000).unref();
        }
        await exited(c);
      }),
    );
    rmSync(dataDir, { recursive: true, force: true });
  });

  const login = async (username: string) => {
    const res = await request(baseUrl, "POST", "/api/v1/auth/login", { body: { username, password: `bookstore-${username}` } });
    expect(res.status, res.text).toBe(200);
    return { token: String(res.json.accessToken), userId: String(res.json.user.id) };
  };

  /** What the order database's saga log says, read from its SQLite file (the process may be dead). */
  function sagas(): SagaRow[] {
    const db = new SQLite(join(dataDir, "order.db"), { fileMustExist: true });
    db.defaultSafeIntegers(true);
    try {
      return db.prepare("select order_id, state, current_step from sagas").all() as SagaRow[];
    } finally {
      db.close();
    }
  }

  it("compensates the half-done saga on restart: stock released, coupon available, nothing left running", async () => {
    const admin = await login("admin");
    const customer = await login("customer");
    const asAdmin = (method: string, path: string, body?: unknown) => request(baseUrl, method, path, { token: admin.token, body });
    const book = (await request(baseUrl, "GET", "/api/v1/books?page=1&size=1")).json.items[0] as { id: string; priceCents: number };
    expect((await asAdmin("PUT", `/api/v1/books/${book.id}/stock`, { available: 10 })).status).toBe(200);
    const coupon = await asAdmin("POST", "/api/v1/admin/coupons", { userId: customer.userId, discountCents: 100 });
    expect(coupon.status, coupon.text).toBe(201);
    const couponStatus = async () =>
      ((await request(baseUrl, "GET", "/api/v1/coupons", { token: customer.token })).json.items as { id: string; status: string }[])
        .find((c) => c.id === coupon.json.id)?.status;
    const stock = async () => (await asAdmin("GET", `/api/v1/books/${book.id}/stock`)).json as { available: number; reserved: number };

    const key = `crash-${randomUUID()}`;
    const body = { items: [{ bookId: book.id, quantity: 2 }], couponId: coupon.json.id };
    const placing: Promise<ApiResponse | Error> = request(baseUrl, "POST", "/api/v1/orders", {
      token: customer.token, body, headers: { "Idempotency-Key": key },
    }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));

    // Stock reserved, coupon not yet frozen: the order process is paused between the two steps. Kill it there.
    await eventually(async () => expect(await stock()).toMatchObject({ available: 8, reserved: 2 }), { timeoutMs: 15_000 });
    const order = children.get("order");
    if (!order) throw new Error("no order process");
    order.kill("SIGKILL");
    await exited(order);
    expect(order.signalCode).toBe("SIGKILL");
    const answered = await placing;
    expect(answered instanceof Error || answered.status >= 500).toBe(true);

    const left = sagas();
    expect(left.map((s) => [s.state, s.current_step])).toEqual([["running", "reserve-stock"]]);
    const orderId = String(left[0]?.order_id);
    expect(await stock()).toMatchObject({ available: 8, reserved: 2 });
    expect(await couponStatus()).toBe("available");

    children.set("order", runBookstore(["serve", "order"], orderEnv(0)));
    await eventually(() => expect(sagas().map((s) => s.state)).toEqual(["compensated"]), { timeoutMs: 20_000, intervalMs: 200 });
    expect(await stock()).toMatchObject({ available: 10, reserved: 0 });
    expect(await couponStatus()).toBe("available");
    await eventually(async () => {
      const gone = await request(baseUrl, "GET", `/api/v1/orders/${orderId}`, { token: customer.token });
      expect(gone.status).toBe(404);
    }, { timeoutMs: 10_000 });

    // The key was given back with the compensated order: the client's retry places the order for real.
    const retried = await request(baseUrl, "POST", "/api/v1/orders", { token: customer.token, body, headers: { "Idempotency-Key": key } });
    expect(retried.status, retried.text).toBe(201);
    expect(retried.json).toMatchObject({ status: "pending_payment", couponId: coupon.json.id, discountCents: 100 });
    expect(await stock()).toMatchObject({ available: 8, reserved: 2 });
    expect(await couponStatus()).toBe("frozen");
    const states = sagas().map((s) => s.state).sort();
    expect(states).toEqual(["compensated", "completed"]);
  }, 60_000);
});
