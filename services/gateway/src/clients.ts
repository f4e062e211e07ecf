import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { UserService } from "@bookstore/contracts/user/v1/user";
import { CatalogService } from "@bookstore/contracts/catalog/v1/catalog";
import { ListingService } from "@bookstore/contracts/catalog/v1/listing";
import { OrderService } from "@bookstore/contracts/order/v1/order";
import { JobsService } from "@bookstore/contracts/order/v1/jobs";
import { FlashSaleService } from "@bookstore/contracts/order/v1/flash_sale";
import { SearchService } from "@bookstore/contracts/search/v1/search";
import { RecommendationService } from "@bookstore/contracts/recommendation/v1/recommendation";
import type { ServiceName } from "@bookstore/platform/config";

export interface ServiceClients {
  user: Client<typeof UserService>;
  catalog: Client<typeof CatalogService>;
  /** The catalog's listing engine (same process and transport as catalog). */
  listing: Client<typeof ListingService>;
  order: Client<typeof OrderService>;
  /** The order service's job queues (admin stats, dead-letter retry). */
  orderJobs: Client<typeof JobsService>;
  flashSale: Client<typeof FlashSaleService>;
  search: Client<typeof SearchService>;
  recommendation: Client<typeof RecommendationService>;
}

export function createServiceClients(transportFor: (s: ServiceName) => Transport): ServiceClients {
  return {
    user: createClient(UserService, transportFor("user")),
    catalog: createClient(CatalogService, transportFor("catalog")),
    listing: createClient(ListingService, transportFor("catalog")),
    order: createClient(OrderService, transportFor("order")),
    orderJobs: createClient(JobsService, transportFor("order")),
    flashSale: createClient(FlashSaleService, transportFor("order")),
    search: createClient(SearchService, transportFor("search")),
    recommendation: createClient(RecommendationService, transportFor("recommendation")),
  };
}
