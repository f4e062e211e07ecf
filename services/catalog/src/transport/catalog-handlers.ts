import type { ConnectRouter, ServiceImpl } from "@connectrpc/connect";
import { CatalogService } from "@bookstore/contracts/catalog/v1/catalog";
import { bookHandlers } from "./book-handlers.js";
import type { CatalogUseCases } from "./catalog-use-cases.js";
import { categoryHandlers } from "./category-handlers.js";
import { stockHandlers } from "./stock-handlers.js";

/** One service, its methods grouped by area; the full ServiceImpl type makes a forgotten method a compile error. */
export function registerCatalogHandlers(router: ConnectRouter, uc: CatalogUseCases): void {
  const impl: ServiceImpl<typeof CatalogService> = {
    ...bookHandlers(uc),
    ...categoryHandlers(uc),
    ...stockHandlers(uc),
  };
  router.service(CatalogService, impl);
}
