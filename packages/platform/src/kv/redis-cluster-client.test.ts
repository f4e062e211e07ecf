import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, hasRedis, servicesRequired, startRedisCluster, type TestRedisCluster } from "../testing/index.js";
import { isCluster, openRedis } from "./index.js";

describe.runIf(hasRedis() || servicesRequired)("openRedis with a redis+cluster:// URL", () => {
  let cluster: TestRedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(() => cluster?.stop());

  it("starts from any reachable seed (the first one may be down) and reaches keys on every master", async () => {
    const dead = await freePort();
    const seeds = cluster.url.replace("redis+cluster://", "");
    const kv = await openRedis(`redis+cluster://127.0.0.1:${dead},${seeds}`, "redis:test");
    try {
      expect(isCluster(kv.client)).toBe(true);
      expect(await kv.ready()).toBe(true);
      const keys = Array.from({ length: 30 }, (_, i) => `seed-test:${i}`);
      for (const k of keys) await kv.client.set(k, k);
      const masters = new Set(await Promise.all(keys.map(async (k) => (await cluster.masterOf(k)).port)));
      expect(masters.size).toBe(3);
      expect(await Promise.all(keys.map((k) => kv.client.get(k)))).toEqual(keys);
    } finally {
      await kv.close();
    }
  });

  it("refuses a pipeline across masters, which is why the adapters send such batches as separate commands", async () => {
    const kv = await openRedis(cluster.url);
    try {
      const a = "k0";
      const home = (await cluster.masterOf(a)).port;
      let b = "";
      for (let i = 1; !b; i++) if ((await cluster.masterOf(`k${i}`)).port !== home) b = `k${i}`;
      await expect(kv.client.pipeline().get(a).get(b).exec()).rejects.toThrow(/same slots? allocation group|same slot/);
      // A hash tag puts keys in one slot: multi-key commands and scripts work.
      await kv.client.mset("{sale:1}:stock", "5", "{sale:1}:buyers", "0");
      expect(await kv.client.mget("{sale:1}:stock", "{sale:1}:buyers")).toEqual(["5", "0"]);
    } finally {
      await kv.close();
    }
  });

  it("fails at boot, naming the URL but not its password, when no seed answers", async () => {
    const url = `redis+cluster://:hunter2@127.0.0.1:${await freePort()},127.0.0.1:${await freePort()}`;
    const failure = await openRedis(url, "redis:order").then(() => "connected", (e: unknown) => String(e));
    expect(failure).toMatch(/redis:order: cannot reach Redis at redis\+cluster:\/\/:\*\*\*@127\.0\.0\.1:\d+,127\.0\.0\.1:\d+: None of startup nodes is available/);
    expect(failure).not.toContain("hunter2");
  });
});
