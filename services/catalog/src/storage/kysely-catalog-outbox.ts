import type { Kysely } from "kysely";
import { addToOutbox } from "@bookstore/platform/outbox";
import type { CatalogEvent, CatalogOutbox } from "../domain/catalog-events.js";
import type { Ids } from "../domain/ports.js";
import type { CatalogDb } from "./schema.js";

/** outbox_events rows on the connection it is given (a transaction's, when the store runs one). */
export class KyselyCatalogOutbox implements CatalogOutbox {
  /** Events added through this instance (the store kicks the relay after a commit that added some). */
  added = 0;

  constructor(
    private readonly db: Kysely<CatalogDb>,
    private readonly ids: Ids,
  ) {}

  async add(events: readonly CatalogEvent[], nowMs: number): Promise<void> {
    if (events.length === 0) return;
    await addToOutbox(this.db, this.ids, nowMs, events);
    this.added += events.length;
  }
}
