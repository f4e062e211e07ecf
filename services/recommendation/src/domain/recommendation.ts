/** item_cf: from what other users did with this book; popular: the overall ranking. */
export type Strategy = "item_cf" | "popular";

export interface Recommendation {
  readonly bookIds: readonly string[];
  readonly strategy: Strategy;
}
