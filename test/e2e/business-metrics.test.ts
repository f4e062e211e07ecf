import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, hasRedis, servicesRequired, startRedis, type TestServer } from "@bookstore/platform/testing";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";

interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** The samples of one metric in Prometheus text format (label values unescaped). */
function samples(exposition: string, name: string): Sample[] {
  const out: Sample[] = [];
  for (const line of exposition.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1] ?? ""] = (l[2] ?? "").replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    out.push({ labels, value: Number(m[3]) });
  }
  return out;
}

const scrape = async (bs: TestBookstore): Promise<string> => {
  const res = await bs.request("GET", "/metrics");
  expect(res.status).toBe(200);
  return res.text;
};
const valueOf = async (bs: TestBookstore, name: string): Promise<number> => {
  const found = samples(await scrape(bs), name);
  expect(found, name).toHaveLength(1);
  return found[0]?.value ?? Number.NaN;
};

/** Runs `work` over `items`, `width` at a time: fast enough for a thousand searches, gentle on two cores. */
async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
}

describe("search metrics on /metrics", () => {
  let bs: TestBookstore;
  const search = async (q: string): Promise<void> => {
    const res = await bs.request("GET", `/api/v1/search?q=${encodeURIComponent(q)}&size=1`);
    expect(res.status, `${q}: ${res.text}`).toBe(200);
    expect(res.json.total, `"${q}" must find demo books, or it is not counted`).toBeGreaterThan(0);
  };
  const topSeries = async () =>
    samples(await scrape(bs), "search_top_keyword_searches")
      .map((s) => ({ rank: Number(s.labels["rank"]), keyword: s.labels["keyword"], count: s.value }))
      .sort((a, b) => a.rank - b.rank);

  beforeAll(async () => {
    bs = await startBookstore();
    await eventually(async () => expect((await bs.request("GET", "/api/v1/search?size=1")).json.total).toBeGreaterThanOrEqual(200), { timeoutMs: 10_000 });
  });
  afterAll(() => bs?.close());

  const LONG = Array.from({ length: 15 }, () => "计算机").join(" "); // 59 characters
  // Twelve keywords searched 14, 13, …, 3 times: the first ten are the top 10.
  const KEYWORDS = ["计算机", "算法", "java", LONG, "python", "数学之美", "clean code", "黑客与画家", "designing", "人月神话", "代码整洁", "introduction"];
  const expectedTop = KEYWORDS.slice(0, 10).map((keyword, i) => ({
    rank: i + 1,
    keyword: keyword === LONG ? `${[...LONG].slice(0, 39).join("")}…` : keyword,
    count: 14 - i,
  }));

  it("exposes exactly the 10 most searched keywords with their counts, Chinese and cut labels included, and counts every search", async () => {
    const before = await valueOf(bs, "search_queries_total");
    const searches = KEYWORDS.flatMap((k, i) => Array.from({ length: 14 - i }, () => k));
    await inBatches(searches, 8, search);
    expect(await topSeries()).toEqual(expectedTop);
    expect(await valueOf(bs, "search_queries_total")).toBe(before + searches.length);
    // The JSON API ranks the same keywords, uncut.
    const hot = (await bs.request("GET", "/api/v1/search/hot")).json.keywords as { keyword: string; count: number }[];
    expect(hot.map((k) => k.keyword)).toEqual(KEYWORDS.slice(0, 10));
  });

  // Continues from the test above: its twelve keywords are the ranking the junk must not disturb.
  it("never has more than 10 keyword series while 1,000 distinct junk keywords are searched and the ranking shifts", async () => {
    // Punctuation separates words, so each of these finds what "java" finds, yet each is a keyword of its own.
    const junk = Array.from({ length: 1_000 }, (_, i) => `java ${[...i.toString(4).padStart(5, "0")].map((d) => "!?~^"[Number(d)]).join("")}`);
    expect(new Set(junk).size).toBe(1_000);
    // A rising keyword climbs past the others batch by batch: a keyword that lost its rank must not stay as a series.
    const RISING = "编程";
    for (let i = 0; i < junk.length; i += 100) {
      await inBatches([...junk.slice(i, i + 100), RISING, RISING, RISING], 10, search);
      const top = await topSeries();
      expect(top.length).toBeLessThanOrEqual(10);
      expect(new Set(top.map((s) => s.rank)).size, "one series per rank").toBe(top.length);
    }
    const hot = (await bs.request("GET", "/api/v1/search/hot?limit=50")).json.keywords as { keyword: string }[];
    expect(hot.filter((k) => k.keyword.startsWith("java ")).length, "the junk is counted").toBeGreaterThan(30);
    // A junk keyword searched once never outranks a real one.
    expect(await topSeries()).toEqual([
      { rank: 1, keyword: RISING, count: 30 },
      ...expectedTop.slice(0, 9).map((s) => ({ ...s, rank: s.rank + 1 })),
    ]);
  });
});

/**
 * Cart funnel through HTTP: created when a cart goes from empty to non-empty, converted when an order is placed
 * from it. Five carts are created and two become orders, so 60 % are abandoned.
 */
async function cartFunnel(bs: TestBookstore): Promise<void> {
  const books: { id: string }[] = (await bs.request("GET", "/api/v1/books?page=1&size=5")).json.items;
  const book = (i: number): string => books[i]?.id ?? "missing";
  const add = async (who: ApiClient, bookId: string) => expect((await who.post("/api/v1/cart/items", { bookId, quantity: 1 })).status).toBe(200);
  const order = (who: ApiClient, body: unknown, key = randomUUID()) => who.post("/api/v1/orders", body, { "Idempotency-Key": key });
  const counts = async () => {
    const text = await scrape(bs);
    const one = (name: string) => samples(text, name).map((s) => s.value);
    return { created: one("carts_created_total"), converted: one("carts_converted_total"), ratio: one("cart_abandonment_ratio") };
  };

  expect(await counts()).toEqual({ created: [0], converted: [0], ratio: [0] });
  const [a, b, c, d] = await Promise.all([bs.newCustomer(), bs.newCustomer(), bs.newCustomer(), bs.newCustomer()]);
  if (!a || !b || !c || !d) throw new Error("customers");
  for (const who of [a, b, c, d]) await add(who, book(0));
  await add(a, book(1)); // a second line in a non-empty cart is the same cart
  expect(await counts()).toEqual({ created: [4], converted: [0], ratio: [1] });

  const key = randomUUID();
  const placed = await order(a, { fromCart: true }, key);
  expect(placed.status, placed.text).toBe(201);
  expect((await order(a, { fromCart: true }, key)).status).toBe(201); // a replay is not a second conversion
  expect((await a.get("/api/v1/cart")).json.items).toEqual([]);
  expect((await order(b, { fromCart: true })).status).toBe(201);
  // An order of items (not from the cart) converts nothing; nor does an order from an empty cart.
  expect((await order(d, { items: [{ bookId: book(2), quantity: 1 }] })).status).toBe(201);
  expect((await order(a, { fromCart: true })).status).toBe(400);
  // Emptied and filled again: a new cart, and the first one counts as abandoned.
  expect((await c.delete(`/api/v1/cart/items/${book(0)}`)).status).toBe(200);
  await add(c, book(3));

  expect(await counts()).toEqual({ created: [5], converted: [2], ratio: [0.6] });
}

describe("cart abandonment metrics", () => {
  it("counts carts created and converted and the abandonment ratio (embedded, SQL carts)", async () => {
    const bs = await startBookstore();
    try {
      await cartFunnel(bs);
    } finally {
      await bs.close();
    }
  });

  describe.runIf(hasRedis() || servicesRequired)("with Redis carts", () => {
    let redis: TestServer | undefined;
    afterAll(() => redis?.stop());

    it("counts alike when carts live in Redis", async () => {
      redis = await startRedis();
      const bs = await startBookstore({ env: { REDIS_URL: redis.url } });
      try {
        await cartFunnel(bs);
      } finally {
        await bs.close();
      }
    });
  });
});
