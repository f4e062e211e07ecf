import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@bookstore/platform/testing";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";
import { purchaseJourney } from "../support/purchase-journey.js";

describe("a paid order feeds popularity through order.paid", () => {
  let bs: TestBookstore;
  beforeAll(async () => {
    bs = await startBookstore();
  });
  afterAll(() => bs.close());

  it("counts the purchase exactly once", async () => {
    const { book } = await purchaseJourney(bs.baseUrl);
    // Scores: a purchase weighs 5, a cart_add 3. A rival with two cart_adds (6) ranks above the bought book only if
    // the purchase counted once (5): counted twice (10) it would lead, not counted it would be missing.
    const books: { id: string }[] = (await bs.request("GET", "/api/v1/books?page=1&size=10")).json.items;
    const [rival, elsewhere] = books.filter((b) => b.id !== book.id) as [{ id: string }, { id: string }];
    for (const reader of [await bs.newCustomer(), await bs.newCustomer()])
      expect((await reader.post("/api/v1/events", { type: "cart_add", bookId: rival.id })).status).toBe(202);
    await eventually(
      async () => {
        const res = await bs.request("GET", `/api/v1/recommendations?bookId=${elsewhere.id}`);
        expect(res.json.strategy).toBe("popular");
        expect(res.json.items.map((b: { id: string }) => b.id)).toEqual([rival.id, book.id]);
      },
      { timeoutMs: 12_000, intervalMs: 500 },
    );
  });
});
