import { describe, expect, it } from "vitest";
import { createLogger } from "@bookstore/platform/logger";
import { eventually } from "@bookstore/platform/testing";
import { IndexPoller } from "./index-poller.js";

const logger = createLogger({ level: "silent", name: "poller-test" });

describe("IndexPoller", () => {
  it("polls right away and then repeatedly until closed", async () => {
    let calls = 0;
    const poller = new IndexPoller(async () => void calls++, { intervalMs: 5, maxBackoffMs: 50, logger, onFailure: () => undefined });
    poller.start();
    await eventually(() => expect(calls).toBeGreaterThanOrEqual(3));
    // close() resolves only once the loop has returned, so nothing can poll after it.
    await poller.close();
  });

  it("survives failures, counts them and recovers", async () => {
    let calls = 0;
    let failures = 0;
    const poller = new IndexPoller(
      async () => {
        calls++;
        if (calls <= 3) throw new Error("catalog unavailable");
      },
      { intervalMs: 1, maxBackoffMs: 20, logger, onFailure: () => failures++ },
    );
    poller.start();
    await eventually(() => expect(calls).toBeGreaterThanOrEqual(6));
    await poller.close();
    expect(failures).toBe(3);
  });

  it("waits for a poll in flight when closed", async () => {
    let release: () => void = () => undefined;
    let finished = false;
    const poller = new IndexPoller(
      async () => {
        await new Promise<void>((r) => (release = r));
        finished = true;
      },
      { intervalMs: 1, maxBackoffMs: 1, logger, onFailure: () => undefined },
    );
    poller.start();
    const closing = poller.close();
    release();
    await closing;
    expect(finished).toBe(true);
  });
});
