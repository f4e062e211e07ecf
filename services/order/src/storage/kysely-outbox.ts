import type { Kysely } from "kysely";
import { addToOutbox } from "@bookstore/platform/outbox";
import type { Clock, Ids } from "../domain/clock.js";
import type { Outbox, OutboxEvent } from "../domain/outbox-port.js";
import type { OrderDb } from "./schema.js";

/** Writes events with the executor it was given: inside KyselyOrderStore.transaction, the change's own transaction. */
export class KyselyOutbox implements Outbox {
  constructor(
    private readonly db: Kysely<OrderDb>,
    private readonly ids: Ids,
    private readonly clock: Clock,
    private readonly onWrite: () => void,
  ) {}

  async add(events: readonly OutboxEvent[]): Promise<void> {
    await addToOutbox(this.db, this.ids, this.clock.now().getTime(), events);
    this.onWrite();
  }
}
