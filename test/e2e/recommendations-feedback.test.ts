import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, hasMariadb, hasRedis, servicesRequired, startMariadb, startRedis, type TestServer } from "@bookstore/platform/testing";
import { startBookstore, type ApiClient, type TestBookstore } from "../support/bookstore.js";

interface BookJson {
  id: string;
  title: string;
}

interface Recommended extends BookJson {
  reason: string;
  reasonCode: string;
}

const production = (hasMariadb() && hasRedis()) || servicesRequired;

/**
 * Issue 7 acceptance: through the gateway, a new user's likes and purchases change their recommendations within
 * seconds. Embedded (events stored as posted) and on MariaDB + Redis (events go through the Redis stream ingest).
 */
describe.each([
  { profile: "embedded", run: true },
  { profile: "MariaDB + Redis", run: production },
])("likes and purchases change a user's recommendations ($profile)", ({ profile, run }) => {
  let bs: TestBookstore;
  let books: BookJson[];
  const servers: TestServer[] = [];

  beforeAll(async () => {
    if (!run) return;
    let env: Record<string, string> = {};
    if (profile !== "embedded") {
      const [mariadb, redis] = await Promise.all([startMariadb(), startRedis()]);
      servers.push(mariadb, redis);
      env = { DATABASE_URL: mariadb.url, REDIS_URL: redis.url };
    }
    bs = await startBookstore({ env });
    books = (await bs.request("GET", "/api/v1/books?page=2&size=50")).json.items;
    expect(books.length).toBe(50);
  }, 120_000);
  afterAll(async () => {
    await bs?.close();
    await Promise.all(servers.map((s) => s.stop()));
  });

  const recommendations = async (user: ApiClient) => {
    const res = await user.get("/api/v1/recommendations");
    expect(res.status, res.text).toBe(200);
    return res.json as { items: Recommended[]; strategy: string };
  };

  /** The real order path: cart → order → pay → the signed callback marks it paid → order.paid reaches recommendations. */
  async function buy(user: ApiClient, bookId: string): Promise<void> {
    expect((await user.post("/api/v1/cart/items", { bookId, quantity: 1 })).status).toBe(200);
    const order = await user.post("/api/v1/orders", { fromCart: true }, { "Idempotency-Key": `buy-${bookId}` });
    expect(order.status, order.text).toBe(201);
    expect((await user.post(`/api/v1/orders/${order.json.id}/pay`)).status).toBe(202);
    await eventually(async () => expect((await user.get(`/api/v1/orders/${order.json.id}`)).json.status).toBe("paid"), { timeoutMs: 3_000 });
  }

  it.runIf(run)("a like brings what its readers liked, a purchase brings what was bought with it, dislikes and purchases leave", async () => {
    // What other readers did: those who liked `liked` viewed `goesWith`; those who bought `goesWith` bought `boughtWith`.
    const [liked, goesWith, boughtWith] = [books[5]!, books[17]!, books[31]!];
    for (const reader of [await bs.newCustomer(), await bs.newCustomer(), await bs.newCustomer()]) {
      await reader.post("/api/v1/events", { type: "feedback", feedback: "like", bookId: liked.id });
      await reader.post("/api/v1/events", { type: "view", bookId: goesWith.id });
      await reader.post("/api/v1/events", { type: "purchase", bookId: goesWith.id, value: 1 });
      await reader.post("/api/v1/events", { type: "purchase", bookId: boughtWith.id, value: 1 });
    }

    // With Redis the readers' events are stored by the stream's consumer group a moment later.
    await eventually(
      async () => expect((await bs.request("GET", `/api/v1/recommendations?bookId=${liked.id}&limit=1`)).json.items[0]?.id).toBe(goesWith.id),
      { timeoutMs: 5_000, intervalMs: 200 },
    );
    const newcomer = await bs.newCustomer();
    const before = await recommendations(newcomer);
    expect(before.strategy).toBe("popular");
    expect(before.items.length).toBe(10);

    expect((await newcomer.post("/api/v1/events", { type: "feedback", feedback: "like", bookId: liked.id })).status).toBe(202);
    const afterLike = await eventually(
      async () => {
        const rec = await recommendations(newcomer);
        expect(rec.strategy).toBe("item_cf");
        expect(rec.items[0]).toMatchObject({ id: goesWith.id, reasonCode: "viewed_together", reason: `viewed together with “${liked.title}”` });
        return rec;
      },
      { timeoutMs: 3_000, intervalMs: 200 },
    );
    expect(afterLike.items.map((b) => b.id)).not.toContain(liked.id);

    await buy(newcomer, goesWith.id);
    await eventually(
      async () => {
        const rec = await recommendations(newcomer);
        expect(rec.items.map((b) => b.id)).not.toContain(goesWith.id);
        expect(rec.items.find((b) => b.id === boughtWith.id)).toMatchObject({
          reasonCode: "bought_together",
          reason: `bought together with “${goesWith.title}”`,
        });
      },
      { timeoutMs: 5_000, intervalMs: 200 },
    );

    expect((await newcomer.post("/api/v1/events", { type: "feedback", feedback: "dislike", bookId: boughtWith.id })).status).toBe(202);
    await eventually(async () => expect((await recommendations(newcomer)).items.map((b) => b.id)).not.toContain(boughtWith.id), {
      timeoutMs: 3_000,
    });
  });
});
