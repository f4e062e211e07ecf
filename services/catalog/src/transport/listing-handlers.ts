import type { ConnectRouter, ServiceImpl } from "@connectrpc/connect";
import { ListingService } from "@bookstore/contracts/catalog/v1/listing";
import { requirePermission } from "@bookstore/platform/rpc";
import { listingTaskToProto, priorityFromProto, queueStatsToProto } from "./listing-codec.js";
import type { ListingUseCases } from "./listing-use-cases.js";
import { ownId } from "./request-values.js";

export function registerListingHandlers(router: ConnectRouter, uc: ListingUseCases): void {
  const impl: ServiceImpl<typeof ListingService> = {
    async submitListings(req, ctx) {
      requirePermission(ctx, "listing:write");
      const items = req.items.map((item, i) => ({
        isbn: item.isbn,
        stock: item.stock,
        priority: priorityFromProto(item.priority, `items[${i}].priority`),
      }));
      return { tasks: (await uc.submitListings.execute({ items })).map(listingTaskToProto) };
    },
    async getListingTask(req, ctx) {
      requirePermission(ctx, "listing:read");
      return { task: listingTaskToProto(await uc.getListingTask.execute({ taskId: ownId("task_id", req.taskId) })) };
    },
    getListingStats(_req, ctx) {
      requirePermission(ctx, "listing:read");
      return { queues: uc.getListingStats.execute().map(queueStatsToProto) };
    },
  };
  router.service(ListingService, impl);
}
