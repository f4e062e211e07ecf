/** What the search index keeps of a listed book: the searchable text plus the values filters, facets and sorts need. */
export interface IndexedBook {
  readonly id: string;
  readonly isbn: string;
  readonly title: string;
  readonly authors: readonly string[];
  readonly publisher: string;
  readonly categoryId: string;
  /** The category's display name, searchable like any text; empty while unknown. */
  readonly categoryName: string;
  readonly description: string;
  readonly priceCents: number;
  readonly language: string;
  readonly inStock: boolean;
  readonly createdAtMs: number;
}

/** Snowflake ids are decimal strings without leading zeros: shorter is smaller, equal lengths compare as text. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
