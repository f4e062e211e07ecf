import { badLimit, queryTooLong } from "./errors.js";
import { MAX_QUERY_LENGTH } from "./search-query.js";
import type { Suggester } from "./suggester.js";

export const MAX_SUGGESTIONS = 10;

/** Title and author completions for what the user has typed so far. */
export class SuggestCompletions {
  constructor(private readonly deps: { suggester: Suggester }) {}

  execute(input: { q: string; limit: number }): string[] {
    if ([...input.q].length > MAX_QUERY_LENGTH) throw queryTooLong(MAX_QUERY_LENGTH);
    if (!Number.isInteger(input.limit) || input.limit < 0 || input.limit > MAX_SUGGESTIONS) throw badLimit(MAX_SUGGESTIONS);
    return this.deps.suggester.suggest(input.q, input.limit || MAX_SUGGESTIONS);
  }
}
