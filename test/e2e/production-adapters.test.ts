import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasMariadb, hasRedis, servicesRequired, startMariadb, startRedis, type TestServer } from "@bookstore/platform/testing";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";
import { purchaseJourney } from "../support/purchase-journey.js";

// The production adapters (a MariaDB database per service, Redis for carts and cache) behind the same gateway.
describe.runIf((hasMariadb() && hasRedis()) || servicesRequired)("the bookstore on MariaDB + Redis", () => {
  let mariadb: TestServer;
  let redis: TestServer;
  let bs: TestBookstore;
  beforeAll(async () => {
    [mariadb, redis] = await Promise.all([startMariadb(), startRedis()]);
    bs = await startBookstore({ env: { DATABASE_URL: mariadb.url, REDIS_URL: redis.url } });
  }, 120_000);
  afterAll(async () => {
    await bs?.close();
    await Promise.all([mariadb?.stop(), redis?.stop()]);
  });

  it("runs the purchase journey", async () => {
    const { book } = await purchaseJourney(bs.baseUrl);
    expect(book.id).toMatch(/^\d+$/);
  });

  it("reports MariaDB and Redis in /readyz", async () => {
    const ready = await bs.request("GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(Object.values(ready.json.checks).every(Boolean)).toBe(true);
  });
});
