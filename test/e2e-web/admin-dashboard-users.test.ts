import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@bookstore/platform/testing";
import { expectAccessible, menuLink, signIn } from "./admin-pages.js";
import { DESKTOP, PHONE, hasChromium, screenshot, startWebBookstore, type WebBookstore } from "./web-browser.js";

describe.runIf(hasChromium())("admin console: dashboard, users and roles, coupons", () => {
  let web: WebBookstore;
  beforeAll(async () => {
    web = await startWebBookstore();
  });
  afterAll(async () => {
    await web?.close();
  });

  it("an admin reads today's figures, changes a user's role and issues a coupon", async () => {
    const admin = await web.api.login("admin");
    const [book] = (await web.api.anonymous.get("/api/v1/books?size=1")).json.items as { id: string; isbn: string; title: string }[];
    if (!book) throw new Error("no demo books");
    const page = await web.newPage({ viewport: DESKTOP });
    await signIn(page, "admin");
    const menu = page.getByRole("navigation", { name: "menu" });
    expect(await menu.getByRole("link").allTextContents()).toEqual(["图书", "概览", "库存", "分类", "批量上架", "订单", "优惠券", "秒杀", "用户与角色", "任务队列"]);

    // Dashboard: a new paid order moves today's count by one and revenue by its amount; of two carts started, the one
    // ordered from converts (cart abandonment); searches show up as hot keywords.
    await menuLink(page, "概览").click();
    const ordersToday = page.getByTestId("orders-today");
    await ordersToday.waitFor();
    const cartCounts = async () => {
      const text = (await page.getByTestId("cart-counts").textContent()) ?? "";
      const m = /新开购物车 (\d+) 个，下单 (\d+) 个/.exec(text);
      if (!m) throw new Error(`unexpected cart counts: ${text}`);
      return { started: Number(m[1]), converted: Number(m[2]) };
    };
    const before = {
      orders: Number(await ordersToday.textContent()),
      revenue: await page.getByTestId("revenue-today").textContent(),
      carts: await cartCounts(),
    };
    const cents = (text: string | null) => Math.round(Number((text ?? "").replace(/[^\d.]/g, "")) * 100);
    expect((await admin.put(`/api/v1/books/${book.id}/stock`, { available: 50 })).status).toBe(200);
    const buyer = await web.api.newCustomer();
    const abandoner = await web.api.newCustomer();
    for (const who of [buyer, abandoner]) expect((await who.post("/api/v1/cart/items", { bookId: book.id, quantity: 2 })).status).toBe(200);
    const order = await buyer.post("/api/v1/orders", { fromCart: true }, { "Idempotency-Key": randomUUID() });
    expect(order.status).toBe(201);
    expect((await buyer.post(`/api/v1/orders/${order.json.id}/pay`)).status).toBe(202);
    await eventually(async () => expect((await buyer.get(`/api/v1/orders/${order.json.id}`)).json.status).toBe("paid"), { timeoutMs: 10_000 });
    // Only searches that find something count as keywords (and they are counted normalized, so a plain word).
    const keyword = "计算机";
    for (let i = 0; i < 3; i++) expect((await web.api.anonymous.get(`/api/v1/search?q=${encodeURIComponent(keyword)}`)).status).toBe(200);
    await eventually(async () => {
      await page.reload();
      await page.getByTestId("hot-24h").filter({ hasText: keyword }).waitFor({ timeout: 2_000 });
    }, { timeoutMs: 20_000 });
    expect(Number(await ordersToday.textContent())).toBe(before.orders + 1);
    expect(cents(await page.getByTestId("revenue-today").textContent())).toBe(cents(before.revenue) + order.json.payableCents);
    const carts = { started: before.carts.started + 2, converted: before.carts.converted + 1 };
    expect(await cartCounts()).toEqual(carts);
    expect(await page.getByTestId("cart-abandonment").textContent()).toBe(`${Math.round((1 - carts.converted / carts.started) * 100)}%`);
    expect(await page.getByText("下单未支付率").count()).toBe(0);
    await screenshot(page, "admin-dashboard-desktop");
    await expectAccessible(page);

    // Users and roles: a new customer becomes a viewer; the buyer gets a coupon through the row's shortcut.
    const promoted = await web.api.newCustomer();
    await menuLink(page, "用户与角色").click();
    await page.getByLabel(`${promoted.username} 的角色`).selectOption("viewer");
    await page.getByRole("status").filter({ hasText: `${promoted.username} 的角色已改为 只读员工` }).waitFor();
    expect((await admin.get(`/api/v1/users/${promoted.userId}`)).json.role).toBe("viewer");
    // Your own role is shown, not editable.
    await page.getByTestId("user-admin").waitFor();
    expect(await page.getByLabel("admin 的角色").count()).toBe(0);
    await screenshot(page, "admin-users-desktop");
    await expectAccessible(page);

    await page.getByTestId(`user-${buyer.username}`).getByRole("link", { name: "发优惠券" }).click();
    await page.getByRole("heading", { name: "优惠券", exact: true }).waitFor();
    expect(await page.getByLabel("用户", { exact: true }).inputValue()).toBe(buyer.userId);
    await page.getByLabel("优惠金额（元）").fill("abc");
    await page.getByRole("button", { name: "发放优惠券" }).click();
    await page.getByText("请输入金额，例如 10 或 10.50").waitFor();
    await page.getByLabel("优惠金额（元）").fill("15");
    await page.getByLabel("最低订单金额（元，可不填）").fill("99.5");
    await page.getByRole("button", { name: "发放优惠券" }).click();
    await page.getByRole("status").filter({ hasText: `已向用户 ${buyer.username} 发放 ¥15.00 优惠券` }).waitFor();
    const wallet = (await buyer.get("/api/v1/coupons")).json.items as { discountCents: number; minOrderCents: number; status: string }[];
    expect(wallet).toContainEqual(expect.objectContaining({ discountCents: 1500, minOrderCents: 9950, status: "available" }));
    await screenshot(page, "admin-coupons-desktop");
    await expectAccessible(page);

    // Phone width: the dashboard and the users page stay usable.
    const phone = await web.newPage({ viewport: PHONE });
    await signIn(phone, "admin");
    await menuLink(phone, "概览").click();
    await phone.getByTestId("orders-today").waitFor();
    await screenshot(phone, "admin-dashboard-phone");
    await expectAccessible(phone);
    await menuLink(phone, "用户与角色").click();
    await phone.getByTestId("user-admin").waitFor();
    await screenshot(phone, "admin-users-phone");
  }, 90_000);
});
