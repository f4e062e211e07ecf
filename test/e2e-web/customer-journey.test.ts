import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { eventually } from "@bookstore/platform/testing";
import { DESKTOP, hasChromium, screenshot, startWebBookstore, type WebBookstore } from "./web-browser.js";

describe.runIf(hasChromium())("storefront: a customer's first purchase in the browser", () => {
  let web: WebBookstore;
  beforeAll(async () => {
    web = await startWebBookstore();
  });
  afterAll(async () => {
    await web?.close();
  });

  it("registers, searches 计算机, adds two books, checks out with a coupon, pays and sees the order turn paid without reloading", async () => {
    const page = await web.newPage({ viewport: DESKTOP });
    const username = `web${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const password = "correct-horse-battery";

    await page.goto("/register");
    await page.getByLabel("用户名").fill(username);
    await page.getByLabel("邮箱").fill(`${username}@example.test`);
    await page.getByLabel("密码").fill(password);
    await page.getByRole("button", { name: "注册并登录" }).click();
    await page.getByText(username, { exact: true }).waitFor();
    await page.waitForURL((u) => u.pathname === "/");

    // The admin gives this new customer a ¥10 coupon through the API (the admin console is another slice).
    const customer = await web.api.login(username, password);
    const admin = await web.api.login("admin");
    const coupon = await admin.post("/api/v1/admin/coupons", { userId: customer.userId, discountCents: 1000, minOrderCents: 0 });
    expect(coupon.status).toBe(201);

    // As-you-type suggestions from pinyin initials, then a real search.
    const box = page.getByRole("combobox");
    await box.fill("jsj");
    await expect.poll(() => page.getByRole("option").count()).toBeGreaterThan(0);
    expect(await page.getByRole("option").first().textContent()).toContain("计算机");
    await box.fill("计算机");
    await box.press("Enter");
    await page.waitForURL((u) => u.pathname === "/search" && u.searchParams.get("q") === "计算机");
    await page.getByRole("heading", { level: 1, name: /计算机/ }).waitFor();
    const cards = page.locator(".results .book-card");
    await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, "search-desktop");

    const titles: string[] = [];
    for (const n of [0, 1]) {
      await page.goto("/search?q=%E8%AE%A1%E7%AE%97%E6%9C%BA&inStock=true");
      const card = page.locator(".results .book-card").nth(n);
      titles.push((await card.locator("h3").textContent()) ?? "");
      await card.locator("a").first().click();
      await page.waitForURL(/\/books\/\d+$/);
      await page.getByRole("button", { name: "加入购物车" }).click();
      await page.getByRole("status").filter({ hasText: "已加入购物车" }).waitFor();
      await expect.poll(() => page.getByTestId("cart-count").textContent()).toBe(String(n + 1));
      if (n === 0) await screenshot(page, "book-desktop");
    }

    await page.getByTestId("cart-link").click();
    await page.waitForURL("**/cart");
    for (const title of titles) await page.locator(".line-items").getByRole("link", { name: title }).waitFor();
    await screenshot(page, "cart-desktop");
    await page.getByRole("link", { name: "去结算" }).click();
    await page.waitForURL("**/checkout");

    // A new customer has no address: the form is open; a bad phone (too long) shows a field message first.
    await page.getByLabel("收货人").fill("张三");
    await page.getByLabel("手机号").fill("1".repeat(40));
    await page.getByLabel("省市区").fill("北京市 海淀区");
    await page.getByLabel("详细地址").fill("中关村大街 1 号");
    await page.getByRole("button", { name: "保存地址" }).click();
    await page.locator(".field-error").getByText(/太长了/).waitFor();
    await page.getByLabel("手机号").fill("13800000000");
    await page.getByRole("button", { name: "保存地址" }).click();
    await page.getByRole("radio", { checked: true }).waitFor();

    await page.locator("select[name=coupon]").selectOption(coupon.json.id);
    await expect.poll(() => page.getByTestId("discount").textContent()).toBe("-¥10.00");
    await screenshot(page, "checkout-desktop");
    await page.getByRole("button", { name: "提交订单" }).click();
    await page.waitForURL(/\/orders\/\d+$/);
    await expect.poll(() => page.getByTestId("order-status").textContent()).toBe("待支付");
    const orderId = new URL(page.url()).pathname.split("/").pop() ?? "";

    // Marks this document: a reload would drop the mark, so "paid" must arrive live.
    await page.evaluate("window.__sameDocument = true");
    await page.getByRole("button", { name: /模拟支付/ }).click();
    await expect.poll(() => page.getByTestId("order-status").textContent(), { timeout: 15_000 }).toBe("已支付");
    expect(await page.evaluate("window.__sameDocument === true")).toBe(true);
    await screenshot(page, "order-paid-desktop");

    const order = await customer.get(`/api/v1/orders/${orderId}`);
    expect(order.json.status).toBe("paid");
    expect(order.json.discountCents).toBe(1000);
    expect(order.json.items.map((i: { title: string }) => i.title).sort()).toEqual([...titles].sort());
    expect(order.json.payableCents).toBe(order.json.totalCents - 1000);
    await eventually(async () => expect((await customer.get("/api/v1/cart")).json.items).toEqual([]));
  });
});
