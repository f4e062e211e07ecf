import type { Category } from "./category.js";

export interface CategoryRepository {
  byId(id: string): Promise<Category | undefined>;
  /** Case-insensitive, see categoryNameKey. */
  byName(name: string): Promise<Category | undefined>;
  /** All categories, oldest first. */
  list(): Promise<Category[]>;
  /** Throws CONFLICT when the name is taken. */
  insert(category: Category): Promise<void>;
}
