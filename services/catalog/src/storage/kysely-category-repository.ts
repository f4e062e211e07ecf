import type { Kysely } from "kysely";
import { isDuplicateKeyError } from "@bookstore/platform/db";
import { categoryNameKey, type Category } from "../domain/category.js";
import type { CategoryRepository } from "../domain/category-repository.js";
import { categoryNameTaken } from "../domain/errors.js";
import { categoryFromRow, categoryToRow } from "./category-mapping.js";
import type { CatalogDb } from "./schema.js";

export class KyselyCategoryRepository implements CategoryRepository {
  constructor(private readonly db: Kysely<CatalogDb>) {}

  async byId(id: string): Promise<Category | undefined> {
    const row = await this.db.selectFrom("categories").selectAll().where("id", "=", id).executeTakeFirst();
    return row && categoryFromRow(row);
  }

  async byName(name: string): Promise<Category | undefined> {
    const row = await this.db
      .selectFrom("categories")
      .selectAll()
      .where("name_key", "=", categoryNameKey(name))
      .executeTakeFirst();
    return row && categoryFromRow(row);
  }

  async list(): Promise<Category[]> {
    const rows = await this.db.selectFrom("categories").selectAll().orderBy("id").execute();
    return rows.map(categoryFromRow);
  }

  async insert(category: Category): Promise<void> {
    try {
      await this.db.insertInto("categories").values(categoryToRow(category)).execute();
    } catch (e) {
      if (isDuplicateKeyError(e)) throw categoryNameTaken(category.name);
      throw e;
    }
  }
}
