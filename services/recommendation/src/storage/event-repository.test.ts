import { describe, expect, it } from "vitest";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import type { BehaviourEvent, EventType } from "../domain/behaviour-event.js";
import { POPULARITY_WEIGHTS } from "../domain/popular-books.js";
import { KyselyEventRepository } from "./kysely-event-repository.js";
import { migrationsFor } from "./migrations.js";
import type { RecommendationDb } from "./schema.js";

let seq = 0;
const uniq = () => `${Date.now() % 1_000_000_000}${String(++seq).padStart(4, "0")}`;

describe.each(testDialects)("event repository on %s", (dialect) => {
  const t = useTestDatabase<RecommendationDb>(dialect, "recommendation", migrationsFor);
  const repo = () => new KyselyEventRepository(t.db.db);

  /**
   * A test's own users, books and moment: each scenario happens later than every earlier one, so a query for
   * "since at" sees only this scenario's events.
   */
  function scenario() {
    const base = uniq();
    const at = seq * 1_000_000_000;
    const book = (n: number) => `9${base}${n}`;
    const user = (n: number) => `u${base}-${n}`;
    const add = (u: number, type: EventType, b: number, value = 0, createdAtMs = at) => {
      const e: BehaviourEvent = { id: uniq(), userId: user(u), type, bookId: book(b), value, createdAtMs };
      return repo().add(e);
    };
    return { at, book, user, add };
  }

  it("ranks books by weighted event counts within the window, dropping non-positive scores", async () => {
    const s = scenario();
    await s.add(1, "view", 1);
    await s.add(2, "view", 1);
    await s.add(1, "cart_add", 2); // 3
    await s.add(1, "purchase", 3, 2); // 5 per purchase, whatever the quantity
    await s.add(1, "feedback", 4, -3);
    await s.add(2, "feedback", 5, 4);
    await s.add(1, "purchase", 6, 1, s.at - 10); // before the window
    const top = await repo().topBooks(s.at, POPULARITY_WEIGHTS, 10);
    expect(top).toEqual([
      { bookId: s.book(3), score: 5 },
      { bookId: s.book(5), score: 4 },
      { bookId: s.book(2), score: 3 },
      { bookId: s.book(1), score: 2 },
    ]);
    expect(await repo().topBooks(s.at, POPULARITY_WEIGHTS, 2)).toHaveLength(2);
  });

  it("lists the books a user bought, once each", async () => {
    const s = scenario();
    await s.add(1, "purchase", 1, 1);
    await s.add(1, "purchase", 1, 2);
    await s.add(1, "view", 2);
    await s.add(2, "purchase", 3, 1);
    expect(await repo().purchasedBy(s.user(1))).toEqual([s.book(1)]);
    expect(await repo().purchasedBy(`nobody-${uniq()}`)).toEqual([]);
  });

  it("counts co-occurring books by distinct users, ignoring dislikes and old events", async () => {
    const s = scenario();
    for (const u of [1, 2, 3]) await s.add(u, "view", 1);
    await s.add(1, "view", 2);
    await s.add(1, "purchase", 2, 1); // same user again: still one
    await s.add(2, "cart_add", 2);
    await s.add(3, "view", 3);
    await s.add(3, "feedback", 4, -5); // a dislike
    await s.add(2, "view", 5, 0, s.at - 1); // too old
    const related = await repo().coOccurring(s.book(1), s.at, 10);
    expect(related).toEqual([
      { bookId: s.book(2), score: 2 },
      { bookId: s.book(3), score: 1 },
    ]);
    expect(await repo().coOccurring(s.book(9), s.at, 10)).toEqual([]);
  });
});
