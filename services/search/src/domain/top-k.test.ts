import { describe, expect, it } from "vitest";
import { topKByKey } from "./top-k.js";

/** A small deterministic generator, so a failure can be replayed. */
function numbers(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

describe("topKByKey", () => {
  it("returns the same first k as a full sort, for any visiting order, with ties and tiers", () => {
    const next = numbers(7);
    for (const count of [0, 1, 5, 60, 1_000, 5_000]) {
      const tiers = Uint8Array.from({ length: count }, () => (next() < 0.2 ? 1 : 0));
      // Few distinct keys: many ties, settled by the tie-break (the item number, descending here).
      const keys = Float64Array.from({ length: count }, () => Math.floor(next() * 20));
      const tie = (a: number, b: number) => b - a;
      const compare = (a: number, b: number) => (tiers[a] ?? 0) - (tiers[b] ?? 0) || (keys[b] ?? 0) - (keys[a] ?? 0) || tie(a, b);
      const expected = Array.from({ length: count }, (_, i) => i).sort(compare);
      for (const k of [1, 10, 100, 10_000])
        for (const fromEnd of [false, true])
          expect(topKByKey(count, k, tiers, keys, tie, { fromEnd }), `${count} ${k} ${fromEnd}`).toEqual(expected.slice(0, k));
    }
  });
});
