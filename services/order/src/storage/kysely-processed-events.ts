import type { Kysely } from "kysely";
import { isDuplicateKeyError } from "@bookstore/platform/db";
import type { ProcessedEvents } from "../domain/order-store.js";
import type { OrderDb } from "./schema.js";

export class KyselyProcessedEvents implements ProcessedEvents {
  constructor(private readonly db: Kysely<OrderDb>) {}

  /** The primary key decides: of two deliveries of one event, exactly one inserts. */
  async add(eventId: string, paymentId: string, nowMs: number): Promise<boolean> {
    try {
      await this.db.insertInto("processed_payment_events").values({ event_id: eventId, payment_id: paymentId, processed_at: nowMs }).execute();
      return true;
    } catch (e) {
      if (isDuplicateKeyError(e)) return false;
      throw e;
    }
  }
}
