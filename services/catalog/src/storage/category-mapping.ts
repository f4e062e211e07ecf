import type { Insertable, Selectable } from "kysely";
import { toId, toNumber } from "@bookstore/platform/db";
import { categoryNameKey, type Category } from "../domain/category.js";
import type { CategoriesTable } from "./schema.js";

export const categoryFromRow = (row: Selectable<CategoriesTable>): Category => ({
  id: toId(row.id),
  name: row.name,
  parentId: row.parent_id === null ? null : toId(row.parent_id),
  createdAtMs: toNumber(row.created_at),
});

export const categoryToRow = (c: Category): Insertable<CategoriesTable> => ({
  id: c.id,
  name: c.name,
  name_key: categoryNameKey(c.name),
  parent_id: c.parentId,
  created_at: c.createdAtMs,
});
