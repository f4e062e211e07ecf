import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import type { NewestBooks } from "./catalog-port.js";
import type { EventRepository, ScoredBook } from "./event-repository.js";
import { PopularBooks, POPULARITY_WINDOW_MS } from "./popular-books.js";

/** Counts calls at the port; the SQL behind topBooks has its own suite on every dialect. */
class CountingEvents implements Pick<EventRepository, "topBooks"> {
  top: ScoredBook[] = [];
  calls: number[] = [];
  async topBooks(sinceMs: number): Promise<ScoredBook[]> {
    this.calls.push(sinceMs);
    return this.top;
  }
}

const newest: NewestBooks = { newest: async (limit) => ["n3", "n2", "n1"].slice(0, limit) };

describe("PopularBooks", () => {
  it("falls back to the catalog's newest books while there are no events", async () => {
    const popular = new PopularBooks({ events: new CountingEvents(), catalog: newest, clock: new FakeClock() });
    expect(await popular.ranked()).toEqual(["n3", "n2", "n1"]);
  });

  it("ranks from the last 30 days and recomputes at most every few seconds", async () => {
    const clock = new FakeClock();
    const events = new CountingEvents();
    events.top = [{ bookId: "a", score: 9 }, { bookId: "b", score: 1 }];
    const popular = new PopularBooks({ events, catalog: newest, clock }, { refreshMs: 5_000 });
    const [first, concurrent] = await Promise.all([popular.ranked(), popular.ranked()]);
    expect(first).toEqual(["a", "b"]);
    expect(concurrent).toEqual(["a", "b"]);
    expect(events.calls).toEqual([clock.now().getTime() - POPULARITY_WINDOW_MS]);

    events.top = [{ bookId: "b", score: 20 }];
    clock.advance(4_000);
    expect(await popular.ranked()).toEqual(["a", "b"]);
    clock.advance(1_000);
    expect(await popular.ranked()).toEqual(["b"]);
    expect(events.calls).toHaveLength(2);
  });
});
