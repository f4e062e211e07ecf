import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@bookstore/platform/testing";
import { expectAccessible, failedOrderJobIds, failedOrderJobs, menuLink, signIn } from "./admin-pages.js";
import { DESKTOP, PHONE, hasChromium, screenshot, startWebBookstore, type WebBookstore } from "./web-browser.js";

describe.runIf(hasChromium())("admin console: stock, flash sales, categories, jobs", () => {
  let web: WebBookstore;
  beforeAll(async () => {
    web = await startWebBookstore();
  });
  afterAll(async () => {
    await web?.close();
  });

  it("an admin adjusts stock, creates a flash sale and a category, and retries a failed job from its row", async () => {
    const admin = await web.api.login("admin");
    const [other] = (await web.api.anonymous.get("/api/v1/books?size=1")).json.items as { id: string; isbn: string; title: string }[];
    if (!other) throw new Error("no demo books");
    const page = await web.newPage({ viewport: DESKTOP });
    await signIn(page, "admin");
    const menu = page.getByRole("navigation", { name: "menu" });
    expect(await menu.getByRole("link").allTextContents()).toEqual(["图书", "概览", "库存", "分类", "批量上架", "订单", "优惠券", "秒杀", "用户与角色", "任务队列"]);

    // Stock: find a book by ISBN and record a count; a malformed count is refused before anything is sent.
    await menuLink(page, "库存").click();
    await page.getByLabel("按书名或 ISBN 查找图书").fill(other.isbn);
    await page.getByRole("button", { name: "搜索" }).click();
    const row = page.getByTestId(`stock-${other.isbn}`);
    await row.getByLabel(`盘点后可售数量：${other.title}`).fill("-3");
    await row.getByRole("button", { name: "更新库存" }).click();
    await row.getByText("请输入 0 或正整数").waitFor();
    await row.getByLabel(`盘点后可售数量：${other.title}`).fill("42");
    await row.getByRole("button", { name: "更新库存" }).click();
    await expect.poll(() => row.getByTestId("available").textContent()).toBe("42");
    expect((await admin.get(`/api/v1/books/${other.id}/stock`)).json.available).toBe(42);
    await screenshot(page, "admin-stock-desktop");
    await expectAccessible(page);

    // Flash sale by ISBN; the end before the start is refused before anything is sent.
    await menuLink(page, "秒杀").click();
    await page.getByLabel("图书 ISBN 或 ID").fill(other.isbn);
    await page.getByLabel("秒杀价（元）").fill("9.9");
    await page.getByLabel("数量（每人限购 1 件）").fill("5");
    const start = await page.getByLabel("开始时间").inputValue();
    const end = await page.getByLabel("结束时间").inputValue();
    await page.getByLabel("结束时间").fill(start);
    await page.getByRole("button", { name: "创建秒杀" }).click();
    await page.getByText("结束时间必须晚于开始时间").waitFor();
    await page.getByLabel("结束时间").fill("2099-01-01T10:00");
    await page.getByRole("button", { name: "创建秒杀" }).click();
    await page.getByText("秒杀须在 30 天内开始并结束").waitFor();
    await page.getByLabel("结束时间").fill(end);
    await page.getByRole("button", { name: "创建秒杀" }).click();
    await page.getByRole("status").filter({ hasText: `已创建秒杀：${other.title}，5 件。` }).waitFor();
    await page.locator("table tbody tr", { hasText: other.title }).filter({ hasText: "5 / 5" }).filter({ hasText: "¥9.90" }).waitFor();
    const sales = (await web.api.anonymous.get("/api/v1/flash-sales")).json.items as { bookId: string; priceCents: number; quantity: number }[];
    expect(sales).toContainEqual(expect.objectContaining({ bookId: other.id, priceCents: 990, quantity: 5 }));
    await screenshot(page, "admin-flash-sales-desktop");
    await expectAccessible(page);

    // Categories: a child under an existing top-level category.
    const categories = (await web.api.anonymous.get("/api/v1/categories")).json.items as { id: string; name: string; parentId: string | null }[];
    const parent = categories.find((c) => c.parentId === null);
    if (!parent) throw new Error("no top-level category");
    const name = `测试分类 ${randomInt(1e6)}`;
    await menuLink(page, "分类").click();
    await page.getByRole("button", { name: "新建分类" }).click();
    await page.getByText("请输入分类名称").waitFor();
    await page.getByLabel("分类名称").fill(name);
    await page.getByLabel("上级分类").selectOption(parent.id);
    await page.getByRole("button", { name: "新建分类" }).click();
    await page.getByRole("status").filter({ hasText: `已创建分类「${name}」` }).waitFor();
    await page.locator("table tbody tr", { hasText: name }).filter({ hasText: parent.name }).waitFor();
    const after = (await web.api.anonymous.get("/api/v1/categories")).json.items as { name: string; parentId: string | null }[];
    expect(after).toContainEqual(expect.objectContaining({ name, parentId: parent.id }));
    await screenshot(page, "admin-categories-desktop");
    await expectAccessible(page);

    // Jobs: an extra expiry job for an order whose payment window is still open really fails (one attempt) and is
    // listed with its reason; once the owner cancelled the order, queueing it again from its row lets it complete.
    const { jobIds: [jobId], cancelOrder } = await failedOrderJobs(web.api, 1);
    if (!jobId) throw new Error("no job added");
    await menuLink(page, "任务队列").click();
    const failedRow = page.getByTestId(`failed-job-${jobId}`);
    await failedRow.filter({ hasText: "order.expire" }).filter({ hasText: "the payment window of this order is still open" }).waitFor();
    await screenshot(page, "admin-jobs-desktop");
    await expectAccessible(page);
    await cancelOrder();
    await failedRow.getByRole("button", { name: /^重新排队/ }).click();
    await page.getByRole("status").filter({ hasText: `任务 ${jobId} 已回到 order 队列等待执行。` }).waitFor();
    await failedRow.waitFor({ state: "detached" });
    await eventually(async () => expect(await failedOrderJobIds(admin)).not.toContain(jobId), { timeoutMs: 10_000 });
    expect(await page.getByRole("alert").count()).toBe(0);
  }, 90_000);

  it("queueing again the only failed job on the last page shows the page before it instead of an empty page", async () => {
    const admin = await web.api.login("admin");
    const before = (await admin.get("/api/v1/admin/jobs/order/failed?size=1")).json.total as number;
    // One more than a whole number of pages, so the last page holds a single job.
    const { jobIds, cancelOrder } = await failedOrderJobs(web.api, 21 - (before % 20));
    const pages = Math.ceil((before + jobIds.length) / 20);
    await cancelOrder();
    const page = await web.newPage({ viewport: DESKTOP });
    await signIn(page, "admin");
    await menuLink(page, "任务队列").click();
    await page.getByLabel("队列", { exact: true }).selectOption("order");
    const pager = page.getByRole("navigation", { name: "pages" });
    const rows = page.getByTestId("failed-jobs").locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(20);
    for (let p = 1; p < pages; p++) await pager.getByRole("button", { name: "下一页" }).click();
    await pager.getByText(`${pages} / ${pages}`).waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    const last = (await rows.first().locator("td").first().textContent()) ?? "";
    await rows.first().getByRole("button", { name: `重新排队：任务 ${last}` }).click();
    await page.getByRole("status").filter({ hasText: `任务 ${last} 已回到 order 队列等待执行。` }).waitFor();
    await expect.poll(() => rows.count()).toBe(20);
    if (pages > 2) await pager.getByText(`${pages - 1} / ${pages - 1}`).waitFor();
    else expect(await pager.count()).toBe(0);
    expect(await page.getByText("这个队列没有失败任务。").count()).toBe(0);
    expect(await page.getByTestId(`failed-job-${last}`).count()).toBe(0);
  }, 90_000);


  it("an editor manages stock and categories but sees no order figures; a viewer can look at stock but not change it", async () => {
    const editor = await web.newPage({ viewport: DESKTOP });
    await signIn(editor, "editor");
    await menuLink(editor, "概览").click();
    await editor.getByText("你的账号不能查看订单，订单统计不显示。").waitFor();
    expect(await editor.getByTestId("orders-today").count()).toBe(0);
    await menuLink(editor, "库存").click();
    await editor.locator("table tbody tr").first().waitFor();
    expect(await editor.getByRole("button", { name: "更新库存" }).count()).toBeGreaterThan(0);
    // A page outside the role, opened by address: the gateway refuses and the page says so in words.
    await editor.goto("/admin/users");
    await editor.getByRole("alert").filter({ hasText: "你的账号没有执行此操作的权限。" }).waitFor();

    const viewer = await web.newPage({ viewport: PHONE });
    await signIn(viewer, "viewer");
    await menuLink(viewer, "库存").click();
    await viewer.locator("table tbody tr").first().waitFor();
    await expect.poll(() => viewer.getByTestId("available").first().textContent()).toMatch(/^\d+$/);
    expect(await viewer.getByRole("button", { name: "更新库存" }).count()).toBe(0);
    await screenshot(viewer, "admin-stock-viewer-phone");
    await expectAccessible(viewer);
    await menuLink(viewer, "秒杀").click();
    await viewer.getByRole("heading", { name: "秒杀", exact: true }).waitFor();
    expect(await viewer.getByRole("button", { name: "创建秒杀" }).count()).toBe(0);
  }, 60_000);
});
