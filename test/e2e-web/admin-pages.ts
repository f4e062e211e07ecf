import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { Page } from "playwright-core";
import { eventually } from "@bookstore/platform/testing";
import type { ApiClient, TestBookstore } from "../support/bookstore.js";
import { orderJobProducer } from "../support/order-job-producer.js";
import { seriousA11yViolations } from "./web-browser.js";

/** Signs a demo user in on the console's own login form and waits for the signed-in header. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto("/admin");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(`bookstore-${username}`);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByTestId("admin-user").waitFor();
}

/** A link of the console's side menu, by its exact text. */
export const menuLink = (page: Page, name: string) => page.getByRole("navigation", { name: "menu" }).getByRole("link", { name, exact: true });

export async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
}

/** The ids on the "order" queue's dead-letter list (first 100, newest first), read by a job:read holder. */
export async function failedOrderJobIds(admin: ApiClient): Promise<string[]> {
  const res = await admin.get("/api/v1/admin/jobs/order/failed?size=100");
  expect(res.status, res.text).toBe(200);
  return (res.json.items as { id: string }[]).map((j) => j.id);
}

/**
 * `count` extra expiry jobs for a new order whose payment window is still open, put on the service's own "order"
 * queue with one attempt each: they really fail, and this resolves once all are dead-lettered. After `cancelOrder`
 * a job queued again completes.
 */
export async function failedOrderJobs(api: TestBookstore, count: number): Promise<{ jobIds: string[]; cancelOrder(): Promise<void> }> {
  const [book] = (await api.anonymous.get("/api/v1/books?size=1")).json.items as { id: string }[];
  if (!book) throw new Error("no demo books");
  const buyer = await api.newCustomer();
  const order = await buyer.post("/api/v1/orders", { items: [{ bookId: book.id, quantity: 1 }] }, { "Idempotency-Key": randomUUID() });
  expect(order.status, order.text).toBe(201);
  const producer = orderJobProducer({ dataDir: api.dataDir });
  const jobIds: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      jobIds.push(await producer.queue.add({ kind: "order.expire", payload: { orderId: order.json.id }, delayMs: 0, priority: 1, maxAttempts: 1, backoffMs: 0 }));
    }
  } finally {
    await producer.close();
  }
  const admin = await api.login("admin");
  await eventually(async () => expect(await failedOrderJobIds(admin)).toEqual(expect.arrayContaining(jobIds)), { timeoutMs: 20_000 });
  return {
    jobIds,
    async cancelOrder() {
      expect((await buyer.post(`/api/v1/orders/${order.json.id}/cancel`)).status).toBe(200);
    },
  };
}
