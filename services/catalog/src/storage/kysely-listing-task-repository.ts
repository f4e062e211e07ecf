import { sql, type Kysely } from "kysely";
import type { SqlDialect } from "@bookstore/platform/db";
import type { ListingTask } from "../domain/listing.js";
import type { ListingTaskRepository } from "../domain/listing-task-repository.js";
import { listingTaskFromRow, listingTaskToRow } from "./listing-task-mapping.js";
import type { CatalogDb } from "./schema.js";

/** 8 columns a row: well under SQLite's and MySQL's bound-parameter limits. */
const ROWS_PER_STATEMENT = 500;

export class KyselyListingTaskRepository implements ListingTaskRepository {
  constructor(
    private readonly db: Kysely<CatalogDb>,
    private readonly dialect: SqlDialect,
  ) {}

  async byId(taskId: string): Promise<ListingTask | undefined> {
    const row = await this.db.selectFrom("listing_tasks").selectAll().where("task_id", "=", taskId).executeTakeFirst();
    return row && listingTaskFromRow(row);
  }

  /** One transaction, one multi-row upsert per chunk: the journal hands over everything that changed since its last write. */
  async saveAll(tasks: readonly ListingTask[]): Promise<void> {
    if (tasks.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < tasks.length; i += ROWS_PER_STATEMENT) {
        const insert = trx.insertInto("listing_tasks").values(tasks.slice(i, i + ROWS_PER_STATEMENT).map(listingTaskToRow));
        if (this.dialect === "mysql")
          await insert
            .onDuplicateKeyUpdate({
              status: sql`VALUES(status)`,
              reason: sql`VALUES(reason)`,
              finished_at: sql`VALUES(finished_at)`,
            })
            .execute();
        else
          await insert
            .onConflict((oc) =>
              oc.column("task_id").doUpdateSet((eb) => ({
                status: eb.ref("excluded.status"),
                reason: eb.ref("excluded.reason"),
                finished_at: eb.ref("excluded.finished_at"),
              })),
            )
            .execute();
      }
    });
  }

  async failUnfinished(enqueuedBeforeMs: number, reason: string, nowMs: number): Promise<number> {
    const r = await this.db
      .updateTable("listing_tasks")
      .set({ status: "failed", reason, finished_at: nowMs })
      .where("status", "in", ["queued", "running"])
      .where("enqueued_at", "<", enqueuedBeforeMs)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async deleteFinished(finishedBeforeMs: number): Promise<number> {
    const r = await this.db.deleteFrom("listing_tasks").where("finished_at", "<", finishedBeforeMs).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
