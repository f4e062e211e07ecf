import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Etcd3 } from "etcd3";
import { eventually, hasEtcd, servicesRequired, startEtcd, type TestServer } from "@bookstore/platform/testing";
import { startReloadingBookstore, type ReloadingBookstore } from "./config-reload-support.js";

const KEY = "/bookstore/config/overrides.yaml";

/** N GETs of /users/me with one token; the statuses in order. */
async function statuses(bs: ReloadingBookstore, token: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await bs.request("GET", "/api/v1/users/me", { token })).status);
  return out;
}

describe.runIf(hasEtcd() || servicesRequired)("config hot reload: etcd key trigger", () => {
  let etcd: TestServer;
  let client: Etcd3;
  let bs: ReloadingBookstore;

  beforeAll(async () => {
    etcd = await startEtcd();
    client = new Etcd3({ hosts: etcd.url });
    // Written before the process starts: it applies these overrides as soon as its watch is up.
    await client.put(KEY).value("features:\n  hotKeywords: false\n");
    bs = await startReloadingBookstore({
      config: { configReload: { watchFile: false } },
      env: { BOOKSTORE_DISCOVERY__ETCD_URL: etcd.url, BOOKSTORE_CONFIG_RELOAD__ETCD_KEY: KEY },
    });
  });
  afterAll(async () => {
    await bs?.stop();
    client?.close();
    await etcd?.stop();
  });

  it("applies the key's overrides at start and every later change", async () => {
    await eventually(() => {
      const started = bs.lines.find((l) => l["audit"] === "config.reload" && l["source"] === "etcd");
      expect(started).toMatchObject({ outcome: "applied", changed: [{ path: "features.hotKeywords", from: true, to: false }] });
    }, { timeoutMs: 15_000 });
    await bs.request("GET", "/api/v1/search?q=%E8%AE%A1%E7%AE%97%E6%9C%BA");
    expect((await bs.request("GET", "/api/v1/search/hot")).json.keywords).toEqual([]);
    await client.put(KEY).value("rateLimit:\n  perUserPerMinute: 2\n");
    // The earlier override is gone with the new value (the key holds the whole override set).
    await eventually(async () => expect((await bs.request("GET", "/api/v1/search/hot")).json.keywords.length).toBeGreaterThan(0), { timeoutMs: 15_000, intervalMs: 200 });
    await eventually(async () => expect(await statuses(bs, await bs.newCustomer(), 3)).toEqual([200, 200, 429]), { timeoutMs: 15_000, intervalMs: 200 });
    expect(await bs.reloadCount("etcd", "applied")).toBeGreaterThanOrEqual(2);
    const audit = bs.lines.find((l) => l["audit"] === "config.reload" && l["source"] === "etcd" && JSON.stringify(l["changed"]).includes("perUserPerMinute"));
    expect(audit).toMatchObject({ outcome: "applied" });
  });

  it("an invalid value is rejected and the last good overrides stay; deleting the key drops them", async () => {
    const customer = await bs.newCustomer();
    await client.put(KEY).value("rateLimit:\n  perUserPerMinute: many\n");
    await eventually(async () => expect(await bs.reloadCount("etcd", "rejected")).toBe(1), { timeoutMs: 15_000, intervalMs: 200 });
    expect(bs.lines.some((l) => l["level"] === 40 && l["source"] === "etcd" && l["msg"] === "config reload rejected; the current config stays in effect")).toBe(true);
    expect(await statuses(bs, customer, 3)).toEqual([200, 200, 429]);
    await client.delete().key(KEY);
    await eventually(async () => expect(await statuses(bs, await bs.newCustomer(), 3)).toEqual([200, 200, 200]), { timeoutMs: 15_000, intervalMs: 200 });
  });
});
