import { describe, expect, it } from "vitest";
import { createLogger } from "@bookstore/platform/logger";
import { InProcessEventStream } from "@bookstore/platform/outbox";
import { eventually } from "@bookstore/platform/testing";
import { CatalogEventListener } from "./catalog-event-listener.js";
import { IndexPoller } from "./index-poller.js";

const logger = createLogger({ level: "silent", name: "listener-test" });

describe("catalog events → search index", () => {
  it("acts on each event once, however often it is delivered, for every catalog topic", async () => {
    const stream = new InProcessEventStream(logger);
    let changes = 0;
    const listener = new CatalogEventListener(stream, "search-test", () => void changes++);
    listener.start();
    const event = (id: string, topic: string) => ({ id, topic, key: "1", payload: "{}" });
    await stream.append(event("1", "book.updated"));
    await stream.append(event("1", "book.updated")); // redelivered
    await stream.append(event("2", "book.deleted"));
    await stream.append(event("3", "stock.changed"));
    await stream.append(event("4", "book.listed"));
    await stream.append(event("5", "order.paid")); // not the index's business
    expect(changes).toBe(4);
    await listener.close();
    await stream.append(event("6", "book.updated"));
    expect(changes).toBe(4);
  });

  it("a poke syncs at once instead of waiting out the resync interval, and pokes during a sync coalesce", async () => {
    let syncs = 0;
    let release: () => void = () => undefined;
    const poller = new IndexPoller(
      async () => {
        syncs++;
        if (syncs === 2) await new Promise<void>((r) => (release = r));
      },
      { intervalMs: 60_000, maxBackoffMs: 60_000, logger, onFailure: () => undefined },
    );
    poller.start();
    await eventually(() => expect(syncs).toBe(1));
    poller.poke();
    await eventually(() => expect(syncs).toBe(2));
    // Three pokes while sync 2 runs: one more sync after it, not three.
    poller.poke();
    poller.poke();
    poller.poke();
    release();
    await eventually(() => expect(syncs).toBe(3));
    await new Promise((r) => setTimeout(r, 50));
    expect(syncs).toBe(3);
    await poller.close();
  });
});
