import type { CatalogStore } from "./catalog-store.js";
import type { Category } from "./category.js";

export class ListCategories {
  constructor(private readonly deps: { store: CatalogStore }) {}

  async execute(): Promise<Category[]> {
    return this.deps.store.categories.list();
  }
}
