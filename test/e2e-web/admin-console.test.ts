import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@bookstore/platform/testing";
import { failedOrderJobs, menuLink, signIn } from "./admin-pages.js";
import { DESKTOP, PHONE, hasChromium, screenshot, seriousA11yViolations, startWebBookstore, type WebBookstore } from "./web-browser.js";

function isbn13(): string {
  const body = `978${String(randomInt(0, 1e9)).padStart(9, "0")}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return body + String((10 - (sum % 10)) % 10);
}

describe.runIf(hasChromium())("admin console in the browser", () => {
  let web: WebBookstore;
  beforeAll(async () => {
    web = await startWebBookstore();
  });
  afterAll(async () => {
    await web?.close();
  });

  it("an editor uploads a CSV of 20 listings, watches them finish, and finds a newly listed book through the storefront search", async () => {
    const editor = await web.api.login("editor");
    const categories = await web.api.anonymous.get("/api/v1/categories");
    // A new book with no stock yet: the storefront's in-stock search must not find it before the listing.
    const title = `上架测试之书 ${randomInt(1e6)}`;
    const created = await editor.post("/api/v1/books", {
      isbn: isbn13(), title, authors: ["测试作者"], publisher: "测试出版社", language: "zh", categoryId: categories.json.items[0].id, priceCents: 4990,
    });
    expect(created.status).toBe(201);
    const found = (q: string) => web.api.anonymous.get(`/api/v1/search?q=${encodeURIComponent(title)}${q}`);
    await eventually(async () => expect((await found("")).json.items.map((b: { title: string }) => b.title)).toContain(title), { timeoutMs: 10_000 });
    expect((await found("&inStock=true")).json.items.map((b: { title: string }) => b.title)).not.toContain(title);
    const demo = ((await web.api.anonymous.get("/api/v1/books?size=40")).json.items as { isbn: string }[])
      .filter((b) => b.isbn !== created.json.isbn)
      .slice(0, 19);
    const lines = ["isbn,stock,priority", `${created.json.isbn},25,high`, ...demo.map((b, i) => `${b.isbn},${100 + i},${i % 2 ? "high" : "normal"}`)];
    expect(new Set(lines).size).toBe(21);
    const csv = join(mkdtempSync(join(tmpdir(), "listing-csv-")), "listings.csv");
    writeFileSync(csv, `${lines.join("\n")}\n`);

    const page = await web.newPage({ viewport: DESKTOP });
    await signIn(page, "editor");
    // Editors manage books and listings; orders and jobs are not theirs.
    const menu = page.getByRole("navigation", { name: "menu" });
    expect(await menu.getByRole("link").allTextContents()).toEqual(["图书", "概览", "库存", "分类", "批量上架"]);
    await page.getByRole("link", { name: "新建图书" }).waitFor();
    await screenshot(page, "admin-books-desktop");

    await menu.getByRole("link", { name: "批量上架" }).click();
    await page.getByLabel("CSV 文件").setInputFiles(csv);
    await expect.poll(() => page.getByTestId("parsed").textContent()).toBe("已读取 20 行");
    await page.getByRole("button", { name: "开始上架" }).click();
    await expect.poll(() => page.getByTestId("listing-progress").textContent(), { timeout: 30_000 }).toBe("完成 20/20，失败 0");
    await screenshot(page, "admin-listings-desktop");
    expect(await seriousA11yViolations(page)).toEqual([]);

    const shop = await web.newPage({ viewport: PHONE });
    await eventually(async () => {
      await shop.goto(`/search?q=${encodeURIComponent(title)}&inStock=true`);
      await shop.locator(".results .book-card h3", { hasText: title }).waitFor({ timeout: 2_000 });
    }, { timeoutMs: 20_000 });
    await shop.locator(".results .book-card a", { hasText: title }).click();
    await expect.poll(() => shop.getByTestId("stock-status").textContent()).toBe("有货");
  });

  it("a viewer sees no write buttons, and a forced write shows the 403 message", async () => {
    const { jobIds: [jobId] } = await failedOrderJobs(web.api, 1);
    if (!jobId) throw new Error("no job added");
    const page = await web.newPage({ viewport: DESKTOP });
    await signIn(page, "viewer");
    await page.getByRole("status").filter({ hasText: "只读账号" }).waitFor();
    await page.locator("table tbody tr").first().waitFor();
    expect(await page.getByRole("link", { name: "新建图书" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "编辑" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "下架删除" }).count()).toBe(0);
    const menu = page.getByRole("navigation", { name: "menu" });
    expect(await menu.getByRole("link").allTextContents()).toEqual(["图书", "概览", "库存", "分类", "订单", "秒杀", "用户与角色", "任务队列"]);
    await menu.getByRole("link", { name: "订单" }).click();
    await page.locator("table").waitFor();
    expect(await page.getByRole("button", { name: "发货" }).count()).toBe(0);
    await screenshot(page, "admin-orders-viewer-desktop");

    // Failed jobs are readable with job:read; queueing one again needs job:write, so no row has the button.
    await menuLink(page, "任务队列").click();
    await page.getByLabel("队列", { exact: true }).selectOption("order");
    await page.getByTestId(`failed-job-${jobId}`).filter({ hasText: "the payment window of this order is still open" }).waitFor();
    expect(await page.getByTestId("failed-jobs").getByRole("columnheader").allTextContents()).not.toContain("操作");
    expect(await page.getByRole("button", { name: /^重新排队/ }).count()).toBe(0);

    // Typing the address of the create form is possible; the gateway refuses and the page says why.
    await page.goto("/admin/books/new");
    await page.getByLabel("ISBN").fill(isbn13());
    await page.getByLabel("书名").fill("不应保存");
    await page.getByLabel("作者（逗号分隔）").fill("某人");
    await page.getByLabel("价格（元）").fill("12.50");
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByRole("alert").filter({ hasText: "你的账号没有执行此操作的权限。" }).waitFor();

    // The ISBN check runs before anything is sent.
    await page.getByLabel("ISBN").fill("9787111544938");
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByText("ISBN 校验位不正确").waitFor();
  });
});
