import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { RecommendationService } from "@bookstore/contracts/recommendation/v1/recommendation";
import { callerHeaders } from "@bookstore/platform/rpc";
import type { Credentials } from "../domain/actor.js";
import type { OrderItem } from "../domain/order.js";
import type { PurchaseEvents } from "../domain/purchase-events-port.js";

/** One "purchase" behaviour event per ordered book, weighted by quantity. */
export class RecommendationClient implements PurchaseEvents {
  private readonly client: Client<typeof RecommendationService>;

  constructor(transport: Transport) {
    this.client = createClient(RecommendationService, transport);
  }

  async recordPurchase(userId: string, items: readonly OrderItem[], credentials: Credentials): Promise<void> {
    const headers = callerHeaders(credentials);
    const results = await Promise.allSettled(
      items.map((item) => this.client.recordEvent({ userId, type: "purchase", bookId: item.bookId, value: item.quantity }, { headers })),
    );
    const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${items.length} purchase events failed`);
  }
}
