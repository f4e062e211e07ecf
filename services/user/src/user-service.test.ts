import { mkdtempSync, rmSync } from "node:fs";
import { InProcessEventBus } from "@bookstore/platform/events";
import { InProcessEventStream } from "@bookstore/platform/outbox";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type Client } from "@connectrpc/connect";
import { UserService } from "@bookstore/contracts/user/v1/user";
import { systemClock } from "@bookstore/platform/clock";
import { loadConfig } from "@bookstore/platform/config";
import { fromConnectError, isAppError, Reason } from "@bookstore/platform/errors";
import { Snowflake } from "@bookstore/platform/ids";
import { createLogger } from "@bookstore/platform/logger";
import { createMetrics } from "@bookstore/platform/metrics";
import { callerHeaders, InProcessTransports, type Caller } from "@bookstore/platform/rpc";
import type { ServiceHandle } from "@bookstore/platform/runtime";
import { buildUserService } from "./main.js";

/** The service as main.ts wires it, called through Connect's router transport with the platform interceptors. */
async function startUserService(): Promise<{
  handle: ServiceHandle;
  client: Client<typeof UserService>;
  stop(): Promise<void>;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), "bookstore-user-"));
  const config = loadConfig({ env: { DATA_DIR: dataDir, BOOKSTORE_LOG_LEVEL: "silent" } });
  const logger = createLogger({ level: "silent", name: "user-test" });
  const metrics = createMetrics();
  const transports = new InProcessTransports(logger, metrics);
  const handle = await buildUserService(config, {
    config,
    logger,
    metrics,
    ids: new Snowflake(7),
    clock: systemClock,
    events: new InProcessEventBus(), stream: new InProcessEventStream(logger), transportFor: (s) => transports.transportFor(s),
  });
  transports.register("user", (r) => handle.routes(r));
  return {
    handle,
    client: createClient(UserService, transports.transportFor("user")),
    async stop() {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const as = (caller: Caller) => ({ headers: callerHeaders(caller) });

/** The reason a call failed with. connect wraps what the client interceptor rethrows, so look at the cause too. */
async function failure(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (e) {
    if (e instanceof Error && isAppError(e.cause)) return e.cause.reason;
    return fromConnectError(e).reason;
  }
  return "succeeded";
}

describe("user service over its RPC contract", () => {
  let svc: Awaited<ReturnType<typeof startUserService>>;
  beforeAll(async () => {
    svc = await startUserService();
    await svc.handle.seed({ demo: true });
  });
  afterAll(() => svc.stop());

  const signIn = async (username: string) => {
    const res = await svc.client.login({ login: username, password: `bookstore-${username}` });
    const user = res.user!;
    const perms = { admin: ["*"], editor: ["book:*"], viewer: ["*:read"], customer: [] }[user.role] ?? [];
    return { user, caller: { userId: user.id, role: user.role, permissions: perms } };
  };

  it("seeds the four demo users with their roles, and the customer's two coupons, once", async () => {
    for (const name of ["admin", "editor", "viewer", "customer"]) {
      const { user } = await signIn(name);
      expect(user).toMatchObject({ username: name, role: name, email: `${name}@bookstore.example` });
    }
    await svc.handle.seed({ demo: true });
    const admin = await signIn("admin");
    expect((await svc.client.listUsers({ page: 1, size: 100 }, as(admin.caller))).total).toBe(4);
    const customer = await signIn("customer");
    const coupons = await svc.client.listCoupons({ userId: customer.user.id }, as(customer.caller));
    expect(coupons.coupons.map((c) => [Number(c.discountCents), Number(c.minOrderCents), c.status])).toEqual(
      expect.arrayContaining([
        [1000, 5000, "available"],
        [500, 0, "available"],
      ]),
    );
  });

  it("needs a caller, and user:read, to list users", async () => {
    expect(await failure(svc.client.listUsers({ page: 1, size: 10 }))).toBe(Reason.UNAUTHENTICATED);
    const customer = await signIn("customer");
    expect(await failure(svc.client.listUsers({ page: 1, size: 10 }, as(customer.caller)))).toBe(Reason.FORBIDDEN);
    const viewer = await signIn("viewer");
    expect((await svc.client.listUsers({ page: 1, size: 10 }, as(viewer.caller))).users.length).toBeGreaterThan(0);
  });

  it("lets a user read themselves but not others", async () => {
    const customer = await signIn("customer");
    const admin = await signIn("admin");
    expect((await svc.client.getUser({ id: customer.user.id }, as(customer.caller))).user?.username).toBe("customer");
    expect(await failure(svc.client.getUser({ id: admin.user.id }, as(customer.caller)))).toBe(Reason.FORBIDDEN);
    expect(await failure(svc.client.getUser({ id: "not-an-id" }, as(admin.caller)))).toBe(Reason.VALIDATION_FAILED);
  });

  it("lets only the coupon owner (or coupon:write) freeze, release and use it", async () => {
    const customer = await signIn("customer");
    const stranger = { userId: "1", role: "customer", permissions: [] };
    const orderSystem = { userId: customer.user.id, role: "system:order", permissions: ["*"] };
    const coupon = (await svc.client.listCoupons({ userId: customer.user.id }, as(customer.caller))).coupons.find(
      (c) => Number(c.minOrderCents) === 0,
    )!;
    const orderId = `o-${Date.now()}`;
    const freeze = { couponId: coupon.id, userId: customer.user.id, orderId, orderCents: 100n };
    expect(await failure(svc.client.freezeCoupon(freeze, as(stranger)))).toBe(Reason.FORBIDDEN);
    expect((await svc.client.freezeCoupon(freeze, as(customer.caller))).coupon).toMatchObject({
      status: "frozen",
      orderId,
    });
    expect(await failure(svc.client.releaseCoupon({ orderId }, as(stranger)))).toBe(Reason.FORBIDDEN);
    expect(await failure(svc.client.useCoupon({ orderId }, as(stranger)))).toBe(Reason.FORBIDDEN);
    await svc.client.releaseCoupon({ orderId }, as(orderSystem));
    expect(
      (await svc.client.freezeCoupon({ ...freeze, orderId: `${orderId}-2` }, as(customer.caller))).coupon?.status,
    ).toBe("frozen");
    await svc.client.useCoupon({ orderId: `${orderId}-2` }, as(orderSystem));
    const after = await svc.client.listCoupons({ userId: customer.user.id }, as(customer.caller));
    expect(after.coupons.find((c) => c.id === coupon.id)?.status).toBe("used");
  });

  it("needs coupon:write to create coupons", async () => {
    const customer = await signIn("customer");
    const admin = await signIn("admin");
    const input = { userId: customer.user.id, discountCents: 300n, minOrderCents: 0n, expiresAtMs: 0n };
    expect(await failure(svc.client.createCoupon(input, as(customer.caller)))).toBe(Reason.FORBIDDEN);
    expect((await svc.client.createCoupon(input, as(admin.caller))).coupon).toMatchObject({
      status: "available",
      expiresAtMs: 0n,
    });
  });
});

describe("seeding a production store", () => {
  it("refuses to seed without an admin password, then seeds only the admin", async () => {
    const svc = await startUserService();
    try {
      await expect(svc.handle.seed({ demo: false })).rejects.toThrow(/BOOKSTORE_ADMIN_PASSWORD/);
      await svc.handle.seed({ demo: false, adminPassword: "a-strong-admin-password" });
      const res = await svc.client.login({ login: "admin", password: "a-strong-admin-password" });
      expect(res.user?.role).toBe("admin");
      expect(await failure(svc.client.login({ login: "customer", password: "bookstore-customer" }))).toBe(
        Reason.UNAUTHENTICATED,
      );
    } finally {
      await svc.stop();
    }
  });
});
