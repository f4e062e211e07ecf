import type { Config, ServiceName } from "@bookstore/platform/config";
import type { Runtime, ServiceHandle } from "@bookstore/platform/runtime";
import { buildUserService } from "@bookstore/user/main";
import { buildCatalogService } from "@bookstore/catalog/main";
import { buildOrderService } from "@bookstore/order/main";
import { buildSearchService } from "@bookstore/search/main";
import { buildRecommendationService } from "@bookstore/recommendation/main";

export type ServiceBuilder = (cfg: Readonly<Config>, rt: Runtime) => Promise<ServiceHandle>;

/** Build order matters only for seeding: users and books exist before anything that refers to them. */
export const SERVICE_BUILDERS: Record<ServiceName, ServiceBuilder> = {
  user: buildUserService,
  catalog: buildCatalogService,
  order: buildOrderService,
  recommendation: buildRecommendationService,
  search: buildSearchService,
};
export const BUILD_ORDER: ServiceName[] = ["user", "catalog", "order", "recommendation", "search"];
