import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "@bookstore/platform/testing";
import { startBookstore, type TestBookstore } from "../support/bookstore.js";

// The catalog's stock RPC is wedged (fault injection: it never answers). Book detail must still answer 200 with
// stockStatus "unknown"; once the breaker opens it must stop waiting on the dependency at all.
describe("book detail with the stock dependency stalled", () => {
  let bs: TestBookstore;
  let ids: string[];
  beforeAll(async () => {
    bs = await startBookstore({
      env: {
        BOOKSTORE_FAULTS__STALL_RPCS: '["BatchGetStock"]',
        BOOKSTORE_CACHE__BOOK_TTL_MS: "0", // every request goes to the dependencies
        BOOKSTORE_BREAKERS__TIMEOUT_MS: "200",
        BOOKSTORE_BREAKERS__VOLUME_THRESHOLD: "5",
        BOOKSTORE_BREAKERS__RESET_TIMEOUT_MS: "60000",
      },
    });
    ids = (await bs.request("GET", "/api/v1/books?size=30")).json.items.map((b: { id: string }) => b.id);
  });
  afterAll(() => bs?.close());

  const breakerState = async () => {
    const text = (await bs.request("GET", "/metrics")).text;
    return Number(/^breaker_state\{[^}]*breaker="book-detail-stock"[^}]*\} (\d+)/m.exec(text)?.[1] ?? "-1");
  };

  it("answers 200 with the fallback, opens the breaker, then fails fast without calling the stalled RPC", async () => {
    const slow = await Promise.all(ids.slice(0, 5).map((id) => bs.request("GET", `/api/v1/books/${id}`)));
    for (const res of slow) {
      expect(res.status, res.text).toBe(200);
      expect(res.json.stockStatus).toBe("unknown");
      expect(res.json.title).toEqual(expect.any(String)); // the book itself is unaffected
    }
    await eventually(async () => expect(await breakerState()).toBe(2)); // 2 = open

    const stalledCalls = async () => {
      const text = (await bs.request("GET", "/metrics")).text;
      return [...text.matchAll(/^rpc_server_duration_seconds_count\{[^}]*method="BatchGetStock"[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
    };
    const before = await stalledCalls();
    const fast = await Promise.all(ids.slice(5, 25).map((id) => bs.request("GET", `/api/v1/books/${id}`)));
    expect(fast.every((r) => r.status === 200 && r.json.stockStatus === "unknown")).toBe(true);
    // Open means no call reaches the wedged dependency (a call that did would show up as a cancelled RPC later).
    await new Promise((r) => setTimeout(r, 300));
    expect(await stalledCalls()).toBe(before);
    expect((await bs.request("GET", "/readyz")).status).toBe(200);
  });
});
