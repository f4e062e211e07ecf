import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, hasMariadb, hasRedis, servicesRequired, startMariadb, startRedis, type TestServer } from "@bookstore/platform/testing";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";

/**
 * Catalog events are the search index's fast path. The periodic resync and the relay's own poll are set to a
 * minute here, so only the event (written with the change, relayed on commit) can make the change searchable in time.
 */
const EVENTS_ONLY = {
  BOOKSTORE_CATALOG_EVENTS__SEARCH_RESYNC_MS: "60000",
  BOOKSTORE_CATALOG_EVENTS__RELAY_INTERVAL_MS: "60000",
};

const uniqueWord = () => `zq${Date.now().toString(36)}${randomInt(0, 1_000_000).toString(36)}`;

function searchFollowsEdits(start: () => Promise<{ bs: TestBookstore; stop?: () => Promise<void> }>) {
  let bs: TestBookstore;
  let stop: (() => Promise<void>) | undefined;
  const search = (q: string) => bs.request("GET", `/api/v1/search?q=${encodeURIComponent(q)}`);

  beforeAll(async () => {
    ({ bs, stop } = await start());
    // The first full sync at start fills the index.
    await eventually(async () => expect((await bs.request("GET", "/api/v1/search?size=1")).json.total).toBeGreaterThanOrEqual(200), {
      timeoutMs: 20_000,
    });
  }, 60_000);
  afterAll(async () => {
    await bs?.close();
    await stop?.();
  });

  it("finds a book by its new title within 1 s of the edit, and drops a deleted book", async () => {
    const editor = await bs.login("editor");
    const book = (await bs.request("GET", "/api/v1/books?page=1&size=1")).json.items[0];
    const word = uniqueWord();
    const edited = Date.now();
    const patched = await editor.patch(`/api/v1/books/${book.id}`, { title: `Renamed ${word}` });
    expect(patched.status, patched.text).toBe(200);
    await eventually(
      async () => {
        const res = await search(word);
        expect(res.json.items.map((b: { id: string; title: string }) => [b.id, b.title])).toEqual([[book.id, `Renamed ${word}`]]);
      },
      { timeoutMs: 1_000, intervalMs: 20 },
    );
    expect(Date.now() - edited).toBeLessThan(1_000);

    expect((await editor.delete(`/api/v1/books/${book.id}`)).status).toBe(204);
    await eventually(async () => expect((await search(word)).json.total).toBe(0), { timeoutMs: 1_000, intervalMs: 20 });
  });
}

describe("catalog events feed search (embedded: SQLite, in-process stream)", () => {
  searchFollowsEdits(async () => ({ bs: await startBookstore({ env: EVENTS_ONLY }) }));
});

describe.runIf((hasMariadb() && hasRedis()) || servicesRequired)("catalog events feed search (MariaDB + Redis Streams)", () => {
  searchFollowsEdits(async () => {
    const servers: TestServer[] = await Promise.all([startMariadb(), startRedis()]);
    const [mariadb, redis] = servers as [TestServer, TestServer];
    const bs = await startBookstore({ env: { ...EVENTS_ONLY, DATABASE_URL: mariadb.url, REDIS_URL: redis.url } });
    return { bs, stop: async () => void (await Promise.all(servers.map((s) => s.stop()))) };
  });
});
