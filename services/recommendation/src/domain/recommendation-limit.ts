import { badLimit } from "./errors.js";

export const DEFAULT_RECOMMENDATIONS = 10;
export const MAX_RECOMMENDATIONS = 50;

/** 0 (not given) means the default. */
export function recommendationLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_RECOMMENDATIONS) throw badLimit(MAX_RECOMMENDATIONS);
  return limit || DEFAULT_RECOMMENDATIONS;
}

/** Ids in order, without those excluded or repeated, at most `limit`. */
export function pick(ids: Iterable<string>, exclude: ReadonlySet<string>, limit: number): string[] {
  const out: string[] = [];
  const seen = new Set(exclude);
  for (const id of ids) {
    if (out.length >= limit) break;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}
