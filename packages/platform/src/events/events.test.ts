import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, REDIS_TOPOLOGIES, redisAvailable, useTestRedisTopology } from "../testing/index.js";
import { InProcessEventBus, RedisEventBus, type EventBus } from "./index.js";

async function deliversToEverySubscriber(a: EventBus, b: EventBus): Promise<void> {
  const seenA: string[] = [];
  const seenB: string[] = [];
  a.subscribe("book.changed", (p) => seenA.push(p));
  const stopB = b.subscribe("book.changed", (p) => seenB.push(p));
  b.subscribe("other", () => seenB.push("wrong channel"));
  await Promise.all([a.settled(), b.settled()]);
  await a.publish("book.changed", "1");
  await eventually(() => expect([seenA, seenB]).toEqual([["1"], ["1"]]));
  stopB();
  await b.settled();
  await a.publish("book.changed", "2");
  await eventually(() => expect(seenA).toEqual(["1", "2"]));
  expect(seenB).toEqual(["1"]);
}

describe("InProcessEventBus", () => {
  it("delivers after publish returns, to every subscriber of the channel only", async () => {
    const bus = new InProcessEventBus();
    const seen: string[] = [];
    bus.subscribe("c", (p) => seen.push(p));
    await bus.publish("c", "x");
    expect(seen).toEqual([]); // never synchronously inside publish
    await deliversToEverySubscriber(bus, bus);
  });
});

describe.runIf(redisAvailable).each(REDIS_TOPOLOGIES)("RedisEventBus on Redis (%s)", (topology) => {
  const redis = useTestRedisTopology(topology);
  let a: RedisEventBus;
  let b: RedisEventBus;
  beforeAll(() => {
    a = new RedisEventBus(redis.url, "t1:");
    b = new RedisEventBus(redis.url, "t1:");
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it("fans out across connections (one per process in production)", async () => {
    await deliversToEverySubscriber(a, b);
  });
});
