/** The catalog, asked whether books exist (and are not deleted) when the mirror has not seen them yet. */
export interface BookLookup {
  /** The ids among `bookIds` that are listed; rejects when the catalog cannot answer. */
  listed(bookIds: readonly string[]): Promise<Set<string>>;
}
