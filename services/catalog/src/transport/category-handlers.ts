import type { ServiceImpl } from "@connectrpc/connect";
import type { CatalogService } from "@bookstore/contracts/catalog/v1/catalog";
import { requirePermission } from "@bookstore/platform/rpc";
import { categoryToProto } from "./catalog-codec.js";
import type { CatalogUseCases } from "./catalog-use-cases.js";
import { ownId, viewerOf } from "./request-values.js";

type CategoryMethods = Pick<ServiceImpl<typeof CatalogService>, "listCategories" | "createCategory">;

export const categoryHandlers = (uc: CatalogUseCases): CategoryMethods => ({
  async listCategories(_req, ctx) {
    return { categories: (await uc.listCategories.execute(viewerOf(ctx))).map(categoryToProto) };
  },
  async createCategory(req, ctx) {
    const caller = requirePermission(ctx, "category:write");
    const category = await uc.createCategory.execute({
      name: req.name,
      parentId: req.parentId === "" ? null : ownId("parent_id", req.parentId),
    });
    uc.noteWrite(caller.userId);
    return { category: categoryToProto(category) };
  },
});
