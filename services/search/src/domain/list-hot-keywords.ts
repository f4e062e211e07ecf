import { badLimit } from "./errors.js";
import type { HotKeyword, HotQueries } from "./hot-queries.js";

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;

/** The most searched keywords of the last hour. */
export class ListHotKeywords {
  constructor(private readonly deps: { hot: HotQueries }) {}

  execute(input: { limit: number }): HotKeyword[] {
    if (!Number.isInteger(input.limit) || input.limit < 0 || input.limit > MAX_LIMIT) throw badLimit(MAX_LIMIT);
    return this.deps.hot.top(input.limit || DEFAULT_LIMIT);
  }
}
