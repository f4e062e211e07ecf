import type { Kysely } from "kysely";
import type { Logger } from "@bookstore/platform/logger";
import { processOnce, type EventStream, type StreamEvent } from "@bookstore/platform/outbox";
import type { BehaviourEvent } from "../domain/behaviour-event.js";
import { parsePaidOrder, purchasesOf } from "../domain/paid-order.js";
import type { Clock, Ids } from "../domain/ports.js";
import { KyselyEventRepository } from "../storage/kysely-event-repository.js";
import type { RecommendationDb } from "../storage/schema.js";

export const ORDER_PAID = "order.paid";
/** The consumer group (shared by every recommendation process) and the processed_events consumer name. */
export const ORDER_PAID_GROUP = "recommendation";
const CONSUMER = "recommendation:order.paid";

/** Order ids are Snowflakes; processed_events keys are BIGINT. */
const isDecimalId = (s: string) => /^[1-9]\d{0,18}$/.test(s) && BigInt(s) < 1n << 63n;

/**
 * Counts each paid order's books as purchases exactly once: the purchase rows and the order's "processed" marker
 * commit together, keyed by the order id, so a redelivered event (or a second event for the same order) adds nothing.
 */
export class OrderPaidConsumer {
  private stop: (() => Promise<void>) | undefined;
  private closed = false;

  constructor(
    private readonly deps: {
      db: Kysely<RecommendationDb>;
      stream: EventStream;
      clock: Clock;
      ids: Ids;
      logger: Logger;
      /** After commit, the stored purchases go to the item models (StoreEvent.propagate). */
      stored: { propagate(event: BehaviourEvent): Promise<void> };
    },
  ) {}

  start(): void {
    this.stop ??= this.deps.stream.consume(ORDER_PAID, ORDER_PAID_GROUP, (e) => this.handle(e).then(() => undefined));
  }

  /** True when the order's purchases were recorded now; false for a duplicate or an unreadable event. */
  async handle(event: StreamEvent): Promise<boolean> {
    // After close the database is going away. Only an in-process delivery already under way gets here (a Redis
    // reader is disconnected first, so its unacked events are redelivered): skipped so shutdown cannot hang on it.
    if (this.closed) return false;
    const order = parsePaidOrder(event.payload);
    if (!order) {
      this.deps.logger.warn({ eventId: event.id }, "unreadable order.paid event skipped");
      return false;
    }
    const key = isDecimalId(order.orderId) ? order.orderId : event.id;
    const nowMs = this.deps.clock.now().getTime();
    const added: BehaviourEvent[] = [];
    const fresh = await processOnce(this.deps.db, CONSUMER, key, nowMs, async (trx) => {
      const events = new KyselyEventRepository(trx);
      for (const purchase of purchasesOf(order, this.deps.ids, nowMs)) if (await events.add(purchase)) added.push(purchase);
    });
    if (fresh) for (const purchase of added) await this.deps.stored.propagate(purchase);
    return fresh;
  }

  async close(): Promise<void> {
    await this.stop?.();
    this.closed = true;
  }
}
