import type { SeedBook } from "../domain/seed-catalog.js";
import { ENGLISH_BOOKS } from "./books-en.js";
import { CHINESE_BOOKS } from "./books-zh.js";

/** Alternates the two languages, so every page of the newest-first list shows both. */
function interleave<T>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x !== undefined) out.push(x);
    if (y !== undefined) out.push(y);
  }
  return out;
}

/** The demo catalogue: 260+ real books, about half Chinese and half English (DESIGN.md "Demo data"). */
export const SEED_BOOKS: readonly SeedBook[] = interleave(CHINESE_BOOKS, ENGLISH_BOOKS);
