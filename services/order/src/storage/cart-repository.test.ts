import { describe, expect, it } from "vitest";
import { systemClock } from "@bookstore/platform/clock";
import { REDIS_TOPOLOGIES, redisAvailable, testDialects, useTestDatabase, useTestRedisTopology } from "@bookstore/platform/testing";
import type { CartRepository } from "../domain/cart.js";
import { KyselyCartRepository } from "./kysely-cart-repository.js";
import { migrationsFor } from "./migrations.js";
import { RedisCartRepository } from "./redis-cart-repository.js";
import type { OrderDb } from "./schema.js";

let seq = 0;
const user = () => String(BigInt(Date.now()) * 100_000n + BigInt(process.pid % 100) * 1_000n + BigInt(++seq));

/** The one suite every cart adapter passes. */
function cartSuite(carts: () => CartRepository): void {
  it("starts empty", async () => {
    expect(await carts().lines(user())).toEqual([]);
  });

  it("sets, overwrites and lists lines in book id order", async () => {
    const u = user();
    await carts().setQuantity(u, "20", 1);
    await carts().setQuantity(u, "3", 2);
    await carts().setQuantity(u, "100", 5);
    await carts().setQuantity(u, "20", 7);
    expect(await carts().lines(u)).toEqual([
      { bookId: "3", quantity: 2 },
      { bookId: "20", quantity: 7 },
      { bookId: "100", quantity: 5 },
    ]);
  });

  it("removes some lines and ignores books that are not there", async () => {
    const u = user();
    for (const id of ["1", "2", "3"]) await carts().setQuantity(u, id, 1);
    await carts().remove(u, ["1", "3", "999"]);
    await carts().remove(u, []);
    expect(await carts().lines(u)).toEqual([{ bookId: "2", quantity: 1 }]);
  });

  it("keeps users' carts apart", async () => {
    const [a, b] = [user(), user()];
    await carts().setQuantity(a, "1", 1);
    await carts().setQuantity(b, "1", 9);
    expect(await carts().lines(a)).toEqual([{ bookId: "1", quantity: 1 }]);
    expect(await carts().lines(b)).toEqual([{ bookId: "1", quantity: 9 }]);
  });
}

describe.each(testDialects)("SQL cart repository on %s", (dialect) => {
  const t = useTestDatabase<OrderDb>(dialect, "order", migrationsFor);
  cartSuite(() => new KyselyCartRepository(t.db.db, t.db.dialect, systemClock));
});

describe.runIf(redisAvailable).each(REDIS_TOPOLOGIES)("Redis cart repository (%s)", (topology) => {
  const r = useTestRedisTopology(topology);
  cartSuite(() => new RedisCartRepository(r.redis.client, `test:${process.pid}:cart:`));

  it("lets an untouched cart expire", async () => {
    const u = user();
    await new RedisCartRepository(r.redis.client, "ttl:cart:").setQuantity(u, "1", 1);
    expect(await r.redis.client.ttl(`ttl:cart:${u}`)).toBeGreaterThan(0);
  });
});
