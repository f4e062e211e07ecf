import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { UserService } from "@bookstore/contracts/user/v1/user";
import { CatalogService } from "@bookstore/contracts/catalog/v1/catalog";
import { OrderService } from "@bookstore/contracts/order/v1/order";
import { SearchService } from "@bookstore/contracts/search/v1/search";
import { RecommendationService } from "@bookstore/contracts/recommendation/v1/recommendation";
import type { ServiceName } from "@bookstore/platform/config";

export interface ServiceClients {
  user: Client<typeof UserService>;
  catalog: Client<typeof CatalogService>;
  order: Client<typeof OrderService>;
  search: Client<typeof SearchService>;
  recommendation: Client<typeof RecommendationService>;
}

export function createServiceClients(transportFor: (s: ServiceName) => Transport): ServiceClients {
  return {
    user: createClient(UserService, transportFor("user")),
    catalog: createClient(CatalogService, transportFor("catalog")),
    order: createClient(OrderService, transportFor("order")),
    search: createClient(SearchService, transportFor("search")),
    recommendation: createClient(RecommendationService, transportFor("recommendation")),
  };
}
