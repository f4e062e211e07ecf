import { describe, expect, it } from "vitest";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import type { BehaviourEvent, EventType, FeedbackKind } from "../domain/behaviour-event.js";
import type { ScanCursor } from "../domain/event-repository.js";
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
    const event = (u: number, type: EventType, b: number, value = 0, createdAtMs = at, extra: { feedback?: FeedbackKind; clientEventId?: string } = {}) => {
      const id = uniq();
      const e: BehaviourEvent = { id, userId: user(u), type, bookId: book(b), value, createdAtMs, clientEventId: `c-${id}`, ...extra };
      return e;
    };
    const add = (...args: Parameters<typeof event>) => repo().add(event(...args));
    return { at, book, user, event, add };
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

  it("stores an event once per user and client event id, and a redelivered event once", async () => {
    const s = scenario();
    const first = s.event(1, "view", 1, 0, s.at, { clientEventId: "tap-1" });
    expect(await repo().add(first)).toBe(true);
    expect(await repo().add({ ...s.event(1, "cart_add", 2), clientEventId: "tap-1" })).toBe(false);
    expect(await repo().add(first)).toBe(false);
    // Client ids are the client's: another user may use the same one.
    expect(await repo().add(s.event(2, "view", 1, 0, s.at, { clientEventId: "tap-1" }))).toBe(true);
    expect(await repo().recentOf(s.user(1), 10)).toEqual([first]);
  });

  it("reads a user's events newest first, their feedback with its kind, and what came before an event", async () => {
    const s = scenario();
    const view = s.event(1, "view", 1, 0, s.at + 1);
    const like = s.event(1, "feedback", 2, 5, s.at + 2, { feedback: "like" });
    const sameMs = [s.event(1, "cart_add", 3, 0, s.at + 3), s.event(1, "purchase", 4, 1, s.at + 3)];
    const rating = s.event(1, "feedback", 5, -2, s.at + 4);
    const old = s.event(1, "view", 6, 0, s.at - 1_000);
    for (const e of [view, like, ...sameMs, rating, old, s.event(2, "view", 1, 0, s.at + 2)]) await repo().add(e);
    expect((await repo().recentOf(s.user(1), 3)).map((e) => e.bookId)).toEqual([s.book(5), s.book(4), s.book(3)]);
    expect(await repo().feedbackOf(s.user(1), 10)).toEqual([rating, like]);
    // Strictly before the later of two same-millisecond events (by id), newest first, not before `since`.
    const [earlier, later] = [...sameMs].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)) as [BehaviourEvent, BehaviourEvent];
    expect(await repo().before(later, s.at, 10)).toEqual([earlier, like, view]);
    expect(await repo().before(later, s.at, 2)).toEqual([earlier, like]);
    expect(await repo().before(earlier, s.at, 10)).toEqual([like, view]);
    expect((await repo().before(view, s.at - 5_000, 10)).map((e) => e.bookId)).toEqual([s.book(6)]);
  });

  it("scans every event since a time once, by user, time and id, a page at a time", async () => {
    const s = scenario();
    const stored: BehaviourEvent[] = [];
    for (const u of [3, 1, 2])
      for (let i = 0; i < 5; i++) {
        const e = s.event(u, "view", i, 0, s.at + Math.floor(i / 2)); // pairs share a millisecond
        stored.push(e);
        await repo().add(e);
      }
    await s.add(1, "view", 9, 0, s.at - 1); // before the window
    const seen: BehaviourEvent[] = [];
    let cursor: ScanCursor | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await repo().scan(s.at, cursor, 4);
      seen.push(...page);
      const last = page.at(-1);
      if (!last || page.length < 4) break;
      cursor = { userId: last.userId, createdAtMs: last.createdAtMs, id: last.id };
    }
    const mine = seen.filter((e) => e.userId.startsWith(s.user(0).slice(0, -1)));
    const order = (a: BehaviourEvent, b: BehaviourEvent) =>
      a.userId.localeCompare(b.userId) || a.createdAtMs - b.createdAtMs || (BigInt(a.id) < BigInt(b.id) ? -1 : 1);
    expect(mine).toEqual([...stored].sort(order));
  });
});
