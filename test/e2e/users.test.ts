import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";

/** The claims part of a JWT, to see what a fresh token grants. */
const claims = (token: string): { role: string; perms: string[] } =>
  JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as { role: string; perms: string[] };

const address = { recipient: "张三", phone: "+86 138 0000 0000", region: "上海市 浦东新区", line1: "世纪大道 100 号" };

describe("users, addresses and coupons through the gateway", () => {
  let bs: TestBookstore;
  let admin: ApiClient;
  beforeAll(async () => {
    bs = await startBookstore();
    admin = await bs.login("admin");
  });
  afterAll(() => bs.close());

  describe("user administration", () => {
    it("forbids customers from listing users (403) and lets a viewer page through them", async () => {
      const customer = await bs.newCustomer();
      const denied = await customer.get("/api/v1/users");
      expect(denied.status).toBe(403);
      expect(denied.json.error.code).toBe("FORBIDDEN");

      const viewer = await bs.login("viewer");
      const page = await viewer.get("/api/v1/users?page=1&size=2");
      expect(page.status).toBe(200);
      expect(page.json).toMatchObject({ page: 1, size: 2 });
      expect(page.json.items).toHaveLength(2);
      expect(page.json.total).toBeGreaterThanOrEqual(4);
      expect(Object.keys(page.json.items[0]).sort()).toEqual(["createdAt", "email", "id", "role", "username"]);
      expect((await viewer.get(`/api/v1/users/${customer.userId}`)).json.id).toBe(customer.userId);
    });

    it("forbids a viewer from changing users (403)", async () => {
      const customer = await bs.newCustomer();
      const viewer = await bs.login("viewer");
      const res = await viewer.patch(`/api/v1/users/${customer.userId}`, { role: "admin" });
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("FORBIDDEN");
    });

    it("lets an admin change a role; the next token carries the new permissions", async () => {
      const customer = await bs.newCustomer();
      const res = await admin.patch(`/api/v1/users/${customer.userId}`, { role: "editor" });
      expect(res.status, res.text).toBe(200);
      expect(res.json).toMatchObject({ id: customer.userId, role: "editor" });
      expect((await admin.get(`/api/v1/users/${customer.userId}`)).json.role).toBe("editor");
      const refreshed = await bs.request("POST", "/api/v1/auth/refresh", {
        body: { refreshToken: customer.refreshToken },
      });
      expect(refreshed.status).toBe(200);
      expect(claims(refreshed.json.accessToken)).toMatchObject({
        role: "editor",
        perms: expect.arrayContaining(["book:*"]),
      });
    });

    it("lets an admin disable a user, who then cannot sign in or refresh", async () => {
      const customer = await bs.newCustomer();
      const res = await admin.patch(`/api/v1/users/${customer.userId}`, { disabled: true });
      expect(res.status).toBe(200);
      const login = await bs.request("POST", "/api/v1/auth/login", {
        body: { username: customer.username, password: "correct-horse-battery" },
      });
      expect(login.status).toBe(401);
      expect(
        (await bs.request("POST", "/api/v1/auth/refresh", { body: { refreshToken: customer.refreshToken } })).status,
      ).toBe(401);
    });

    it("rejects bad updates with 400 and unknown users with 404", async () => {
      const customer = await bs.newCustomer();
      const path = `/api/v1/users/${customer.userId}`;
      for (const body of [{ role: "root" }, { disabled: "true" }, { nickname: "x" }, { email: "nope" }]) {
        const res = await admin.patch(path, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.json.error.code).toBe("VALIDATION_FAILED");
      }
      expect((await bs.request("PATCH", path, { token: admin.token, raw: "{oops" })).status).toBe(400);
      expect((await admin.get("/api/v1/users/123456789")).status).toBe(404);
      expect((await admin.get("/api/v1/users/abc")).status).toBe(400);
    });
  });

  describe("address book", () => {
    it("creates, lists, updates and deletes my addresses", async () => {
      const me = await bs.newCustomer();
      const created = await me.post("/api/v1/users/me/addresses", { ...address, isDefault: true });
      expect(created.status, created.text).toBe(201);
      expect(Object.keys(created.json).sort()).toEqual([
        "createdAt",
        "id",
        "isDefault",
        "line1",
        "phone",
        "postalCode",
        "recipient",
        "region",
      ]);
      expect(created.json).toMatchObject({ ...address, postalCode: "", isDefault: true });

      const second = await me.post("/api/v1/users/me/addresses", {
        ...address,
        recipient: "李四",
        postalCode: "200120",
        isDefault: true,
      });
      expect(second.status).toBe(201);
      const list = await me.get("/api/v1/users/me/addresses");
      expect(list.status).toBe(200);
      expect(list.json.items.map((a: { id: string; isDefault: boolean }) => [a.id, a.isDefault])).toEqual([
        [second.json.id, true],
        [created.json.id, false],
      ]);

      const patched = await me.patch(`/api/v1/users/me/addresses/${created.json.id}`, {
        line1: "陆家嘴环路 1 号",
        isDefault: true,
      });
      expect(patched.status).toBe(200);
      expect(patched.json).toMatchObject({
        id: created.json.id,
        line1: "陆家嘴环路 1 号",
        isDefault: true,
        recipient: "张三",
      });

      const removed = await me.delete(`/api/v1/users/me/addresses/${second.json.id}`);
      expect(removed.status).toBe(204);
      expect((await me.get("/api/v1/users/me/addresses")).json.items.map((a: { id: string }) => a.id)).toEqual([
        created.json.id,
      ]);
      expect((await me.delete(`/api/v1/users/me/addresses/${second.json.id}`)).status).toBe(404);
    });

    it("answers 404 for another user's address", async () => {
      const owner = await bs.newCustomer();
      const other = await bs.newCustomer();
      const mine = await owner.post("/api/v1/users/me/addresses", address);
      const path = `/api/v1/users/me/addresses/${mine.json.id}`;
      for (const res of [
        await other.get(path),
        await other.patch(path, { recipient: "x" }),
        await other.delete(path),
      ]) {
        expect(res.status).toBe(404);
        expect(res.json.error.code).toBe("NOT_FOUND");
      }
      expect((await other.get("/api/v1/users/me/addresses")).json.items).toEqual([]);
      expect((await owner.get(path)).json.recipient).toBe("张三");
    });

    it("rejects invalid addresses with 400 and needs a token", async () => {
      const me = await bs.newCustomer();
      for (const body of [
        { ...address, phone: "call me maybe" },
        { ...address, recipient: undefined },
        { ...address, isDefault: "yes" },
        { ...address, floor: 3 },
      ]) {
        const res = await me.post("/api/v1/users/me/addresses", body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.json.error.code).toBe("VALIDATION_FAILED");
      }
      expect((await bs.anonymous.get("/api/v1/users/me/addresses")).status).toBe(401);
    });
  });

  describe("coupons", () => {
    it("shows the demo customer's two coupons", async () => {
      const customer = await bs.login("customer");
      const res = await customer.get("/api/v1/coupons");
      expect(res.status).toBe(200);
      expect(res.json.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            discountCents: 1000,
            minOrderCents: 5000,
            status: "available",
            currency: "CNY",
            expiresAt: null,
          }),
          expect.objectContaining({
            discountCents: 500,
            minOrderCents: 0,
            status: "available",
            currency: "CNY",
            expiresAt: null,
          }),
        ]),
      );
    });

    it("lets staff with coupon:write give a coupon, which shows in the user's wallet", async () => {
      const customer = await bs.newCustomer();
      expect((await customer.get("/api/v1/coupons")).json).toEqual({ items: [] });
      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      const body = { userId: customer.userId, discountCents: 800, minOrderCents: 3000, expiresAt };
      expect((await customer.post("/api/v1/admin/coupons", body)).status).toBe(403);
      const created = await admin.post("/api/v1/admin/coupons", body);
      expect(created.status, created.text).toBe(201);
      expect(created.json).toEqual({
        id: expect.stringMatching(/^[1-9]\d*$/),
        userId: customer.userId,
        discountCents: 800,
        minOrderCents: 3000,
        status: "available",
        expiresAt,
        currency: "CNY",
      });
      expect((await customer.get("/api/v1/coupons")).json.items).toEqual([created.json]);
    });

    it("rejects bad coupons: past expiry, non-integer cents, unknown users", async () => {
      const customer = await bs.newCustomer();
      const past = await admin.post("/api/v1/admin/coupons", {
        userId: customer.userId,
        discountCents: 100,
        expiresAt: "2020-01-01T00:00:00Z",
      });
      expect(past.status).toBe(400);
      expect(
        (await admin.post("/api/v1/admin/coupons", { userId: customer.userId, discountCents: "100" })).status,
      ).toBe(400);
      expect((await admin.post("/api/v1/admin/coupons", { userId: customer.userId, discountCents: 0 })).status).toBe(
        400,
      );
      expect((await admin.post("/api/v1/admin/coupons", { userId: "123456789", discountCents: 100 })).status).toBe(404);
    });
  });
});
