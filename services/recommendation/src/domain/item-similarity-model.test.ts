import { describe, expect, it } from "vitest";
import { ItemSimilarityModel, type ModelEvent } from "./item-similarity-model.js";

const DAY = 24 * 3_600_000;
const settings = { epochMs: 0, halfLifeMs: 30 * DAY, neighbours: 50 };
type UserEvent = ModelEvent & { user: string };

/** The user's events before `e` in time order: what the repository's `before` answers. */
const before = (all: readonly UserEvent[], e: UserEvent) => all.filter((o) => o.user === e.user && o.atMs < e.atMs);

/** Cosine of the decayed user × book matrix, computed directly, with the model's shrink for thin evidence. */
function bruteForce(all: readonly UserEvent[], a: string, b: string): number {
  const r = new Map<string, Map<string, number>>();
  for (const e of all) {
    const row = r.get(e.user) ?? new Map<string, number>();
    r.set(e.user, row);
    row.set(e.bookId, (row.get(e.bookId) ?? 0) + e.interest * 2 ** (e.atMs / settings.halfLifeMs));
  }
  let dot = 0, na = 0, nb = 0;
  for (const row of r.values()) {
    dot += (row.get(a) ?? 0) * (row.get(b) ?? 0);
    na += (row.get(a) ?? 0) ** 2;
    nb += (row.get(b) ?? 0) ** 2;
  }
  return dot / (Math.sqrt(na * nb) + 50);
}

/** A deterministic shuffle (LCG), so the order-independence check is repeatable. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("ItemSimilarityModel", () => {
  it("computes the decayed cosine of readers, whatever order the events are applied in", () => {
    const books = ["1", "2", "3", "4"];
    const events: UserEvent[] = [];
    for (let u = 0; u < 12; u++)
      for (let i = 0; i < 6; i++)
        events.push({ user: `u${u}`, bookId: books[(u + i * (1 + (u % 3))) % 4]!, interest: [1, 3, 5][(u + i) % 3]!, atMs: (u * 13 + i * 5) * DAY });
    for (const seed of [1, 2, 3]) {
      const model = new ItemSimilarityModel(settings);
      for (const e of shuffled(events, seed)) model.apply(e, before(events, e));
      for (const a of books)
        for (const n of model.neighbours(a, 10)) expect(n.similarity, `${a}~${n.bookId}`).toBeCloseTo(bruteForce(events, a, n.bookId), 10);
      expect(model.neighbours("1", 10).length).toBe(3);
    }
  });

  it("ranks recent co-reading above the same amount of old co-reading", () => {
    const model = new ItemSimilarityModel(settings);
    const read = (user: string, a: string, b: string, atMs: number) => {
      const first = { bookId: a, interest: 5, atMs };
      model.apply(first, []);
      model.apply({ bookId: b, interest: 5, atMs: atMs + 1 }, [first]);
    };
    for (let u = 0; u < 5; u++) read(`old${u}`, "10", "11", 0);
    for (let u = 0; u < 5; u++) read(`new${u}`, "10", "12", 90 * DAY);
    expect(model.neighbours("10", 2).map((n) => n.bookId)).toEqual(["12", "11"]);
  });

  it("links nothing through events without interest (a dislike)", () => {
    const model = new ItemSimilarityModel(settings);
    const liked = { bookId: "20", interest: 5, atMs: 1 };
    model.apply(liked, []);
    model.apply({ bookId: "21", interest: 0, atMs: 2 }, [liked]);
    expect(model.neighbours("20", 5)).toEqual([]);
    expect(model.links).toBe(0);
  });

  it("keeps at most 1.5·K neighbours per book, and the strong ones survive the pruning", () => {
    const model = new ItemSimilarityModel({ ...settings, neighbours: 4 });
    const hub = { bookId: "1", interest: 5, atMs: 0 };
    let t = 1;
    // Twenty readers buy the hub with book 2; then 200 readers each buy it with a book nobody else buys.
    for (let u = 0; u < 20; u++) {
      model.apply(hub, []);
      model.apply({ bookId: "2", interest: 5, atMs: t++ }, [hub]);
    }
    for (let u = 0; u < 200; u++) {
      model.apply(hub, []);
      model.apply({ bookId: String(1_000 + u), interest: 5, atMs: t++ }, [hub]);
    }
    expect(model.neighbours("1", 10).length).toBeLessThanOrEqual(6);
    expect(model.neighbours("1", 1)[0]?.bookId).toBe("2");
    expect(model.links).toBeLessThanOrEqual(6 + 201);
  });
});
