import type { Reason } from "./reason.js";

/** item_cf: from what was done with related books (collaborative or content neighbours); popular: the rankings. */
export type Strategy = "item_cf" | "popular";

export interface RecommendedBook {
  readonly bookId: string;
  readonly reason: Reason;
}

export interface Recommendation {
  readonly items: readonly RecommendedBook[];
  readonly strategy: Strategy;
}
