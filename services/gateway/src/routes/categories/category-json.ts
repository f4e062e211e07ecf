import { Type, type Static } from "typebox";
import type { Category } from "@bookstore/contracts/catalog/v1/catalog";
import { Id, strictObject } from "../../schemas/common.js";

export const CategoryJson = strictObject({
  id: Id,
  name: Type.String(),
  parentId: Type.Union([Id, Type.Null()], { description: "null for a top-level category" }),
});
export type CategoryJson = Static<typeof CategoryJson>;

export const categoryJson = (c: Category): CategoryJson => ({
  id: c.id,
  name: c.name,
  parentId: c.parentId === "" ? null : c.parentId,
});
