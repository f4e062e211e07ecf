/** At most this share of a page from one category ("at most 3 per category in a page of 10"). */
const CATEGORY_SHARE = 0.3;

export interface PageRules {
  limit: number;
  /** Never shown: bought, dismissed, the page's own book, deleted. */
  exclude: (bookId: string) => boolean;
  /** undefined: not known yet (counts as a category of its own). */
  categoryOf: (bookId: string) => string | undefined;
}

/**
 * Takes candidates in order into a page of `limit`, each book once, keeping any one category to 30 % of the page.
 * Only when the other categories cannot fill the page do the held-back books fill it (a small catalogue with one
 * shelf still gets a full page rather than three books).
 */
export function diversePage<T extends { bookId: string }>(candidates: Iterable<T>, rules: PageRules): T[] {
  const cap = Math.max(1, Math.ceil(rules.limit * CATEGORY_SHARE));
  const page: T[] = [];
  const heldBack: T[] = [];
  const seen = new Set<string>();
  const perCategory = new Map<string, number>();
  for (const c of candidates) {
    if (page.length >= rules.limit) break;
    if (seen.has(c.bookId) || rules.exclude(c.bookId)) continue;
    seen.add(c.bookId);
    const category = rules.categoryOf(c.bookId);
    const n = category === undefined ? 0 : (perCategory.get(category) ?? 0);
    if (n >= cap) {
      heldBack.push(c);
      continue;
    }
    if (category !== undefined) perCategory.set(category, n + 1);
    page.push(c);
  }
  return [...page, ...heldBack.slice(0, rules.limit - page.length)];
}
