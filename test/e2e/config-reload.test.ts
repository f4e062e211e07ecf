import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@bookstore/platform/testing";
import { hubSignature } from "../../services/gateway/src/routes/admin/config-webhook-signature.js";
import { isbn13, startReloadingBookstore, type ReloadingBookstore } from "./config-reload-support.js";

const WEBHOOK_SECRET = "config-webhook-secret-0123456789abcdef";

/** N GETs of /users/me with one token; the statuses in order. */
async function statuses(bs: ReloadingBookstore, token: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await bs.request("GET", "/api/v1/users/me", { token })).status);
  return out;
}

/** A breaker's state gauge (0 closed, 1 half-open, 2 open) from /metrics. */
async function breakerState(bs: ReloadingBookstore, breaker: string): Promise<number | undefined> {
  const text = (await bs.request("GET", "/metrics")).text;
  const line = text.split("\n").find((l) => l.startsWith("breaker_state{") && l.includes(`breaker="${breaker}"`));
  return line === undefined ? undefined : Number(line.split(" ").at(-1));
}

describe("config hot reload: file trigger", () => {
  let bs: ReloadingBookstore;
  // The catalog never answers stock lookups here, so every book detail's stock call times out through its breaker,
  // which the boot policy never opens (1000 calls needed).
  const stalledStock = { faults: { stallRpcs: ["BatchGetStock"] }, breakers: { timeoutMs: 100, volumeThreshold: 1000 } };
  beforeAll(async () => {
    bs = await startReloadingBookstore({ config: stalledStock });
  });
  afterAll(() => bs?.stop());

  it("an edited config file (saved by rename) changes the per-user rate limit seen over HTTP", async () => {
    const before = await bs.newCustomer();
    expect(await statuses(bs, before, 5)).toEqual([200, 200, 200, 200, 200]);
    bs.writeConfig({ rateLimit: { perUserPerMinute: 3 } });
    // A fresh user each poll: the limit is per user and per minute, so only the new limit decides.
    await eventually(async () => expect(await statuses(bs, await bs.newCustomer(), 4)).toEqual([200, 200, 200, 429]), { timeoutMs: 15_000, intervalMs: 200 });
    const limited = await bs.request("GET", "/api/v1/users/me", { token: before });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe("RATE_LIMITED");
    bs.writeConfig();
    await eventually(async () => expect((await bs.request("GET", "/api/v1/users/me", { token: before })).status).toBe(200), { timeoutMs: 15_000, intervalMs: 200 });
    expect(await bs.reloadCount("file", "applied")).toBeGreaterThanOrEqual(2);
  });

  it("an edited log level reaches the gateway's request logs without a restart", async () => {
    const debugLines = () => bs.lines.filter((l) => l["level"] === 20);
    await bs.request("GET", "/api/v1/categories");
    expect(debugLines()).toEqual([]);
    bs.writeConfig({ logLevel: "debug" });
    await eventually(async () => {
      await bs.request("GET", "/api/v1/categories");
      expect(debugLines().some((l) => l["msg"] === "incoming request")).toBe(true);
    }, { timeoutMs: 15_000, intervalMs: 200 });
    const audit = bs.lines.find((l) => l["audit"] === "config.reload" && JSON.stringify(l["changed"]).includes("logLevel"));
    expect(audit).toMatchObject({ source: "file", outcome: "applied", changed: [{ path: "logLevel", from: "warn", to: "debug" }] });
    bs.writeConfig();
    await eventually(() => expect(bs.lines.some((l) => JSON.stringify(l["changed"] ?? "").includes('"to":"warn"'))).toBe(true), { timeoutMs: 15_000 });
  });

  it("new breaker thresholds apply to the next calls: a breaker the boot policy kept closed opens", async () => {
    const ids = ((await bs.request("GET", "/api/v1/books?size=30")).json.items as { id: string }[]).map((b) => String(b.id));
    // Distinct books, so each detail misses the cache and really calls the (stalled) stock lookup.
    const detail = async () => (await bs.request("GET", `/api/v1/books/${ids.shift() ?? ""}`)).json.stockStatus;
    for (let i = 0; i < 4; i++) expect(await detail()).toBe("unknown");
    expect(await breakerState(bs, "book-detail-stock")).toBe(0);
    const applied = await bs.reloadCount("file", "applied");
    bs.writeConfig({ breakers: { timeoutMs: 100, volumeThreshold: 2, errorThresholdPercent: 50, resetTimeoutMs: 60_000 } });
    await eventually(async () => expect(await bs.reloadCount("file", "applied")).toBe(applied + 1), { timeoutMs: 15_000, intervalMs: 100 });
    await eventually(async () => {
      expect(await detail()).toBe("unknown");
      expect(await breakerState(bs, "book-detail-stock")).toBe(2);
    }, { timeoutMs: 15_000, intervalMs: 50 });
    bs.writeConfig();
    await eventually(async () => expect(await bs.reloadCount("file", "applied")).toBe(applied + 2), { timeoutMs: 15_000, intervalMs: 100 });
  });

  it("the webhook answers 404 while no webhook secret is configured", async () => {
    const body = JSON.stringify({ ref: "refs/heads/main" });
    const res = await bs.request("POST", "/api/v1/admin/config/webhook", { raw: body, headers: { "x-hub-signature-256": hubSignature("", Buffer.from(body)) } });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("NOT_FOUND");
  });
});

describe("config hot reload: webhook trigger", () => {
  let bs: ReloadingBookstore;
  // The file watch is off here, so only the webhook reloads and each test sees its own reload's answer.
  // A long L1 TTL, so "cached" never depends on how fast two requests follow each other on a busy machine.
  const base = { configReload: { watchFile: false, webhookSecret: WEBHOOK_SECRET }, cache: { bookTtlMs: 600_000 } };
  const hook = (secret = WEBHOOK_SECRET, body = JSON.stringify({ ref: "refs/heads/main", after: "0123abcd" })) =>
    bs.request("POST", "/api/v1/admin/config/webhook", { raw: body, headers: { "x-hub-signature-256": hubSignature(secret, Buffer.from(body)) } });

  beforeAll(async () => {
    bs = await startReloadingBookstore({ config: base });
  });
  afterAll(() => bs?.stop());

  it("a bad or missing signature is refused with 401 and nothing changes", async () => {
    bs.writeConfig({ ...base, features: { flashSales: false } });
    const body = JSON.stringify({ ref: "refs/heads/main" });
    expect((await hook("not-the-secret", body)).status).toBe(401);
    const missing = await bs.request("POST", "/api/v1/admin/config/webhook", { raw: body });
    expect(missing.status).toBe(401);
    expect(missing.json.error.code).toBe("UNAUTHENTICATED");
    const tampered = await bs.request("POST", "/api/v1/admin/config/webhook", {
      raw: `${body} `,
      headers: { "x-hub-signature-256": hubSignature(WEBHOOK_SECRET, Buffer.from(body)) },
    });
    expect(tampered.status).toBe(401);
    expect(await bs.reloadCount("webhook", "applied")).toBe(0);
    // Flash sales are still on: a purchase of an unknown sale is answered by the order service, not the flag.
    const customer = await bs.newCustomer();
    expect((await bs.request("POST", "/api/v1/flash-sales/123456789/purchase", { token: customer })).status).not.toBe(503);
    bs.writeConfig(base);
    // GitHub's form-encoded payload is signed the same way; the file is back as booted, so nothing changes.
    const form = `payload=${encodeURIComponent(body)}`;
    const formCall = await bs.request("POST", "/api/v1/admin/config/webhook", {
      raw: form,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-hub-signature-256": hubSignature(WEBHOOK_SECRET, Buffer.from(form)) },
    });
    expect(formCall.status).toBe(200);
    expect(formCall.json.outcome).toBe("unchanged");
  });

  it("a signed call reloads the file: feature flags switch flash sales and hot keywords off over HTTP", async () => {
    await bs.request("GET", "/api/v1/search?q=%E8%AE%A1%E7%AE%97%E6%9C%BA");
    await eventually(async () => expect((await bs.request("GET", "/api/v1/search/hot")).json.keywords.length).toBeGreaterThan(0), { timeoutMs: 10_000 });
    const bookId = String((await bs.request("GET", "/api/v1/books?size=1")).json.items[0].id);
    await eventually(async () => expect((await bs.request("GET", `/api/v1/books/${bookId}`)).json.recommendations.length).toBeGreaterThan(0), { timeoutMs: 10_000 });
    bs.writeConfig({ ...base, features: { flashSales: false, hotKeywords: false, recommendationsOnBookDetail: false } });
    const res = await hook();
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      outcome: "applied",
      changed: ["features.flashSales", "features.hotKeywords", "features.recommendationsOnBookDetail"],
      needsRestart: [],
      problems: [],
    });
    expect((await bs.request("GET", "/api/v1/search/hot")).json).toEqual({ window: "1h", keywords: [] });
    // The cached page (L1, also served by the hot lane) was dropped with the flag change.
    expect((await bs.request("GET", `/api/v1/books/${bookId}`)).json.recommendations).toEqual([]);
    const customer = await bs.newCustomer();
    const purchase = await bs.request("POST", "/api/v1/flash-sales/123456789/purchase", { token: customer });
    expect(purchase.status).toBe(503);
    expect(purchase.json.error).toMatchObject({ code: "UNAVAILABLE", details: { feature: "features.flashSales" } });
    // The same file again: nothing to apply.
    expect((await hook()).json.outcome).toBe("unchanged");
    bs.writeConfig(base);
    expect((await hook()).json.changed).toEqual(["features.flashSales", "features.hotKeywords", "features.recommendationsOnBookDetail"]);
    expect((await bs.request("GET", "/api/v1/search/hot")).json.keywords.length).toBeGreaterThan(0);
  });

  it("an invalid config is rejected: the old one stays, a warn line and the rejected metric say so", async () => {
    const admin = await bs.login("admin");
    const items = [1, 2, 3].map(() => ({ isbn: isbn13(), stock: 1, priority: "normal" }));
    bs.writeConfig({ ...base, listing: { normal: { capacity: 0 } }, rateLimit: { perUserPerMinute: 1 } });
    const res = await hook();
    expect(res.status).toBe(200);
    expect(res.json.outcome).toBe("rejected");
    expect(res.json.problems.join("\n")).toContain("listing.normal.capacity");
    expect(await bs.reloadCount("webhook", "rejected")).toBe(1);
    await eventually(() => expect(bs.lines.some((l) => l["level"] === 40 && l["msg"] === "config reload rejected; the current config stays in effect")).toBe(true));
    // Neither key took effect: the user limit is still huge and the queue still takes a batch.
    expect(await statuses(bs, admin, 3)).toEqual([200, 200, 200]);
    expect((await bs.request("POST", "/api/v1/listings", { token: admin, body: { items } })).status).toBe(202);
    bs.writeConfig(base);
  });

  it("a smaller listing queue capacity refuses the next POST /listings batch; restoring it accepts again", async () => {
    const editor = await bs.login("editor");
    const batch = () => ({ items: [1, 2, 3].map(() => ({ isbn: isbn13(), stock: 5, priority: "normal" })) });
    expect((await bs.request("POST", "/api/v1/listings", { token: editor, body: batch() })).status).toBe(202);
    bs.writeConfig({ ...base, listing: { normal: { capacity: 2, workers: 1 } } });
    expect((await hook()).json.changed).toEqual(["listing.normal.capacity", "listing.normal.workers"]);
    const full = await bs.request("POST", "/api/v1/listings", { token: editor, body: batch() });
    expect(full.status).toBe(429);
    expect(full.json.error.code).toBe("QUEUE_FULL");
    bs.writeConfig(base);
    expect((await hook()).json.outcome).toBe("applied");
    const accepted = await bs.request("POST", "/api/v1/listings", { token: editor, body: batch() });
    expect(accepted.status).toBe(202);
    // Resizing lost nothing: every accepted task finishes.
    for (const task of accepted.json.tasks as { taskId: string }[])
      await eventually(async () => expect(["done", "failed"]).toContain((await bs.request("GET", `/api/v1/listings/${task.taskId}`, { token: editor })).json.status), { timeoutMs: 15_000 });
  });

  it("a book-detail TTL of 0 turns the gateway's L1 off on reload: every read loads again", async () => {
    const loads = async () => {
      const text = (await bs.request("GET", "/metrics")).text;
      const line = text.split("\n").find((l) => l.startsWith("cache_loads_total{") && l.includes('"book-detail"') && l.includes('outcome="ok"'));
      return Number(line?.split(" ").at(-1) ?? 0);
    };
    const ids = ((await bs.request("GET", "/api/v1/books?page=3&size=10")).json.items as { id: string }[]).map((b) => String(b.id));
    const readTwice = async (id: string) => {
      const before = await loads();
      for (let i = 0; i < 2; i++) expect((await bs.request("GET", `/api/v1/books/${id}`)).status).toBe(200);
      return (await loads()) - before;
    };
    expect(await readTwice(ids[0] ?? "")).toBe(1);
    bs.writeConfig({ ...base, cache: { bookTtlMs: 0 } });
    expect((await hook()).json.changed).toEqual(["cache.bookTtlMs"]);
    expect(await readTwice(ids[0] ?? "")).toBe(2);
    expect(await readTwice(ids[1] ?? "")).toBe(2);
    bs.writeConfig(base);
    expect((await hook()).json.changed).toEqual(["cache.bookTtlMs"]);
    expect(await readTwice(ids[2] ?? "")).toBe(1);
  });

  it("boot-only keys are reported as needing a restart, not applied, and the audit line never holds a secret value", async () => {
    const jwtSecret = "a-brand-new-jwt-secret-that-must-stay-out-of-logs-0001";
    const newWebhookSecret = "another-webhook-secret-that-must-stay-out-of-logs";
    const editor = await bs.login("editor");
    bs.writeConfig({
      ...base,
      configReload: { watchFile: false, webhookSecret: newWebhookSecret },
      auth: { jwtSecret },
      listing: { maxItemsPerRequest: 1 },
      breakers: { timeoutMs: 650 },
    });
    const res = await hook();
    expect(res.json).toEqual({
      outcome: "applied",
      changed: ["breakers.timeoutMs"],
      needsRestart: ["auth.jwtSecret", "configReload.webhookSecret", "listing.maxItemsPerRequest"],
      problems: [],
    });
    // Not applied: tokens signed with the boot secret still work, two items per request are still allowed, and the
    // webhook still checks the boot secret.
    const two = { items: [1, 2].map(() => ({ isbn: isbn13(), stock: 1, priority: "normal" })) };
    expect((await bs.request("POST", "/api/v1/listings", { token: editor, body: two })).status).toBe(202);
    expect((await hook(newWebhookSecret)).status).toBe(401);
    const audit = await eventually(() => {
      const line = bs.lines.find((l) => l["audit"] === "config.reload" && l["source"] === "webhook" && Array.isArray(l["needsRestart"]) && (l["needsRestart"] as unknown[]).length > 0);
      expect(line).toBeDefined();
      return line;
    });
    expect(audit).toMatchObject({
      source: "webhook",
      outcome: "applied",
      changed: [{ path: "breakers.timeoutMs", from: 800, to: 650 }],
      needsRestart: ["auth.jwtSecret", "configReload.webhookSecret", "listing.maxItemsPerRequest"],
    });
    expect(Date.parse(String(audit?.["at"]))).not.toBeNaN();
    for (const secret of [jwtSecret, newWebhookSecret, WEBHOOK_SECRET]) expect(bs.stdout()).not.toContain(secret);
    bs.writeConfig(base);
    await hook();
  });
});
