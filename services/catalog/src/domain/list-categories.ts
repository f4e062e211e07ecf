import type { CatalogStore } from "./catalog-store.js";
import type { Category } from "./category.js";

export class ListCategories {
  constructor(private readonly deps: { store: CatalogStore }) {}

  async execute(input: { viewerId?: string } = {}): Promise<Category[]> {
    return this.deps.store.reads({ userId: input.viewerId }).categories.list();
  }
}
