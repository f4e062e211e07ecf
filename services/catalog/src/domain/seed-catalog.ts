import { newBook } from "./book.js";
import type { CatalogStore } from "./catalog-store.js";
import { categoryName } from "./category.js";
import type { Clock, Ids } from "./ports.js";

export interface SeedCategory {
  /** How seed books refer to it; ids are made at seed time. */
  readonly key: string;
  readonly name: string;
  readonly parentKey?: string;
}

export interface SeedBook {
  readonly isbn: string;
  readonly title: string;
  readonly authors: readonly string[];
  readonly publisher: string;
  readonly language: string;
  readonly category: string;
  readonly priceCents: number;
  readonly publishedAt: string;
  readonly description: string;
  readonly stock: number;
}

/**
 * Demo catalogue: categories and books loaded into an empty catalog, in one transaction so a failed seed
 * leaves nothing half-loaded. Production (demo=false) starts with an empty catalogue.
 */
export class SeedCatalog {
  constructor(
    private readonly deps: {
      store: CatalogStore;
      clock: Clock;
      ids: Ids;
      categories: readonly SeedCategory[];
      books: readonly SeedBook[];
    },
  ) {}

  async execute(opts: { demo: boolean }): Promise<void> {
    if (!opts.demo) return;
    const { store, clock, ids } = this.deps;
    await store.transaction(async ({ books, categories, stock }) => {
      if ((await books.count()) > 0) return;
      const nowMs = clock.now().getTime();
      const categoryIds = new Map<string, string>();
      for (const c of this.deps.categories) {
        const existing = await categories.byName(c.name);
        if (existing) {
          categoryIds.set(c.key, existing.id);
          continue;
        }
        const id = ids.next();
        const parentId = c.parentKey === undefined ? null : (categoryIds.get(c.parentKey) ?? null);
        await categories.insert({ id, name: categoryName(c.name), parentId, createdAtMs: nowMs });
        categoryIds.set(c.key, id);
      }
      // Lists show newest first: seeding backwards makes the first books of the data file the first page.
      for (const b of [...this.deps.books].reverse()) {
        const categoryId = categoryIds.get(b.category);
        if (categoryId === undefined) throw new Error(`seed book ${b.isbn} names unknown category ${b.category}`);
        const book = newBook(ids.next(), { ...b, categoryId, currency: "", coverUrl: "" }, nowMs);
        await books.insert(book);
        await stock.create(book.id, b.stock);
      }
    });
  }
}
