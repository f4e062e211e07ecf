import { describe, expect, it } from "vitest";
import { Reason } from "@bookstore/platform/errors";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { KyselyCategoryRepository } from "./kysely-category-repository.js";
import { migrationsFor } from "./migrations.js";
import type { CatalogDb } from "./schema.js";
import { aCategory, catalogFor, uniqueName } from "./test-fixtures.js";

describe.each(testDialects)("category repository on %s", (dialect) => {
  const t = useTestDatabase<CatalogDb>(dialect, "catalog", migrationsFor);
  const repo = () => new KyselyCategoryRepository(t.db.db);

  it("stores categories with their parent and lists them oldest first", async () => {
    const parent = aCategory({ name: uniqueName("计算机 ") });
    const child = aCategory({ parentId: parent.id });
    await repo().insert(parent);
    await repo().insert(child);
    const listed = await repo().list();
    expect(listed.filter((c) => c.id === parent.id || c.id === child.id)).toEqual([parent, child]);
    expect(await repo().byId(child.id)).toEqual(child);
  });

  it("finds a name in any case and refuses a second category with it", async () => {
    const c = aCategory({ name: uniqueName("Computing ") });
    await repo().insert(c);
    expect(await repo().byName(c.name.toUpperCase())).toEqual(c);
    await expect(repo().insert(aCategory({ name: c.name.toLowerCase() }))).rejects.toEqual(
      expect.objectContaining({ reason: Reason.CONFLICT }),
    );
  });

  it("creates a category only under a parent that exists", async () => {
    const { createCategory } = catalogFor(t.db.db, t.db.dialect);
    await expect(createCategory.execute({ name: uniqueName(), parentId: "12345" })).rejects.toEqual(
      expect.objectContaining({ reason: Reason.VALIDATION_FAILED, details: { field: "parentId", id: "12345" } }),
    );
    const parent = await createCategory.execute({ name: `  ${uniqueName("Art")}   x `, parentId: null });
    expect(parent.name).toMatch(/^Art\S+ x$/);
    const child = await createCategory.execute({ name: uniqueName(), parentId: parent.id });
    expect(child.parentId).toBe(parent.id);
  });
});
