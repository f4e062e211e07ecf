import type { CatalogStore } from "./catalog-store.js";
import { categoryName, type Category } from "./category.js";
import { categoryNameTaken } from "./errors.js";
import { existingCategory } from "./live-book.js";
import type { Clock, Ids } from "./ports.js";

export class CreateCategory {
  constructor(private readonly deps: { store: CatalogStore; clock: Clock; ids: Ids }) {}

  async execute(input: { name: string; parentId: string | null }): Promise<Category> {
    const category: Category = {
      id: this.deps.ids.next(),
      name: categoryName(input.name),
      parentId: input.parentId,
      createdAtMs: this.deps.clock.now().getTime(),
    };
    return this.deps.store.transaction(async ({ categories }) => {
      if (category.parentId !== null) await existingCategory(categories, "parentId", category.parentId);
      if (await categories.byName(category.name)) throw categoryNameTaken(category.name);
      await categories.insert(category);
      return category;
    });
  }
}
