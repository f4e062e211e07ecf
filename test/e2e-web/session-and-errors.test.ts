import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page, Route } from "playwright-core";
import { eventually } from "@bookstore/platform/testing";
import { DESKTOP, hasChromium, screenshot, startWebBookstore, type WebBookstore } from "./web-browser.js";
import type { ApiClient } from "../support/bookstore.js";

describe.runIf(hasChromium())("storefront sessions and error messages", () => {
  let web: WebBookstore;
  beforeAll(async () => {
    web = await startWebBookstore();
  });
  afterAll(async () => {
    await web?.close();
  });

  const storeSession = async (page: Page, who: ApiClient, tokens: { accessToken: string; refreshToken: string }) => {
    const me = (await who.get("/api/v1/users/me")).json;
    await page.goto("/");
    await page.evaluate(`localStorage.setItem("bookstore.session", ${JSON.stringify(JSON.stringify({ ...tokens, user: me }))})`);
  };
  const stored = async (page: Page) => JSON.parse((await page.evaluate(`localStorage.getItem("bookstore.session")`)) as string) as { accessToken: string } | null;

  it("an expired access token is refreshed silently and the request retried", async () => {
    const customer = await web.api.newCustomer();
    const page = await web.newPage();
    await storeSession(page, customer, { accessToken: "expired.or.garbage", refreshToken: customer.refreshToken });
    await page.goto("/orders");
    await page.getByRole("heading", { name: "我的订单" }).waitFor();
    expect(page.url()).toMatch(/\/orders$/);
    const after = await stored(page);
    expect(after?.accessToken).not.toBe("expired.or.garbage");
    expect((await web.api.request("GET", "/api/v1/users/me", { token: after?.accessToken ?? "" })).status).toBe(200);
  });

  it("when the refresh fails too, login explains it and then returns to the page the user was on", async () => {
    const customer = await web.api.newCustomer();
    const page = await web.newPage();
    await storeSession(page, customer, { accessToken: "expired.or.garbage", refreshToken: "revoked" });
    await page.goto("/orders");
    await page.waitForURL((u) => u.pathname === "/login" && u.searchParams.get("next") === "/orders");
    await page.getByText("登录已过期，请重新登录。").or(page.getByText("请先登录。")).first().waitFor();
    await page.getByLabel("用户名或邮箱").fill(customer.username);
    await page.getByLabel("密码").fill("wrong-password-here");
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: "用户名或密码不正确。" }).waitFor();
    await screenshot(page, "login-error-desktop");
    await page.getByLabel("密码").fill("correct-horse-battery");
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL((u) => u.pathname === "/orders");
    await page.getByRole("heading", { name: "我的订单" }).waitFor();
  });

  it("a refresh that fails only after the user signed in again (another tab) keeps the new session and retries with it", async () => {
    const customer = await web.api.newCustomer();
    const page = await web.newPage();
    // Seeded from a page that runs no app code, so no request can use the stale session before /orders does.
    await page.goto("/healthz");
    const me = (await customer.get("/api/v1/users/me")).json;
    await page.evaluate(`localStorage.setItem("bookstore.session", ${JSON.stringify(JSON.stringify({ accessToken: "expired.or.garbage", refreshToken: "revoked", user: me }))})`);
    // The refresh is held on its way out, as on a slow network, until the user has signed in elsewhere.
    const held: Route[] = [];
    await page.route("**/api/v1/auth/refresh", (route) => void held.push(route));
    await page.goto("/orders");
    await eventually(() => expect(held.length).toBeGreaterThan(0));
    await page.evaluate(`localStorage.setItem("bookstore.session", ${JSON.stringify(JSON.stringify({ accessToken: customer.token, refreshToken: customer.refreshToken, user: me }))})`);
    for (const route of held.splice(0)) await route.continue();
    await page.getByRole("heading", { name: "我的订单" }).waitFor();
    await page.getByText("还没有订单。").waitFor();
    expect(new URL(page.url()).pathname).toBe("/orders");
    expect((await stored(page))?.accessToken).toBe(customer.token);
  });

  it("too many failed logins (429) say how long to wait", async () => {
    const customer = await web.api.newCustomer();
    let last = 0;
    for (let i = 0; i < 12 && last !== 429; i++)
      last = (await web.api.request("POST", "/api/v1/auth/login", { body: { username: customer.username, password: "wrong-password-here" } })).status;
    expect(last).toBe(429);
    const page = await web.newPage();
    await page.goto("/login");
    await page.getByLabel("用户名或邮箱").fill(customer.username);
    await page.getByLabel("密码").fill("wrong-password-here");
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: /操作太频繁了，请 \d+ 秒后再试。/ }).waitFor();
  });

  it("registration field errors come from VALIDATION_FAILED details, next to the field", async () => {
    const page = await web.newPage({ viewport: DESKTOP, lang: "en" });
    await page.goto("/register");
    await page.getByLabel("Username").fill("someone");
    await page.getByLabel("Email").fill("someone@example.test");
    await page.getByLabel("Password").fill("x");
    await page.getByRole("button", { name: "Register and sign in" }).click();
    await page.locator(".field-error").filter({ has: page.getByLabel("Password") }).getByText(/Too short/).waitFor();
    await page.getByRole("alert").filter({ hasText: "Please check the highlighted fields." }).waitFor();
    expect(await page.locator("body").textContent()).not.toContain('{"error"');
  });

  it("ordering more than the stock explains OUT_OF_STOCK instead of showing raw JSON", async () => {
    const admin = await web.api.login("admin");
    const customer = await web.api.newCustomer();
    const book = (await web.api.anonymous.get("/api/v1/search?inStock=true&size=1")).json.items[0];
    expect((await admin.put(`/api/v1/books/${book.id}/stock`, { available: 1 })).status).toBe(200);
    await customer.post("/api/v1/cart/items", { bookId: book.id, quantity: 2 });
    await customer.post("/api/v1/users/me/addresses", { recipient: "李四", phone: "13900000000", region: "上海市", line1: "南京路 1 号", isDefault: true });
    const page = await web.newPage();
    await storeSession(page, customer, { accessToken: customer.token, refreshToken: customer.refreshToken });
    await page.goto("/checkout");
    await page.getByRole("button", { name: "提交订单" }).click();
    await page.getByRole("alert").filter({ hasText: "库存不足" }).waitFor();
    expect(page.url()).toMatch(/\/checkout$/);
    await screenshot(page, "checkout-out-of-stock-desktop");
  });
});
