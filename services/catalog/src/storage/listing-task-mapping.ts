import type { Insertable, Selectable } from "kysely";
import { toId, toNumber } from "@bookstore/platform/db";
import { LISTING_PRIORITIES, type ListingPriority, type ListingStatus, type ListingTask } from "../domain/listing.js";
import type { ListingTasksTable } from "./schema.js";

const STATUSES: readonly ListingStatus[] = ["queued", "running", "done", "failed"];

/** Columns hold only what this service wrote; anything else is corruption, not input to tolerate. */
function oneOf<T extends string>(values: readonly T[], value: string, column: string): T {
  const found = values.find((v) => v === value);
  if (found === undefined) throw new Error(`listing_tasks.${column} holds unknown value ${value}`);
  return found;
}

export const listingTaskFromRow = (row: Selectable<ListingTasksTable>): ListingTask => ({
  taskId: toId(row.task_id),
  isbn: row.isbn,
  stock: toNumber(row.stock),
  priority: oneOf<ListingPriority>(LISTING_PRIORITIES, row.priority, "priority"),
  status: oneOf(STATUSES, row.status, "status"),
  reason: row.reason,
  enqueuedAtMs: toNumber(row.enqueued_at),
  finishedAtMs: row.finished_at === null ? null : toNumber(row.finished_at),
});

export const listingTaskToRow = (t: ListingTask): Insertable<ListingTasksTable> => ({
  task_id: t.taskId,
  isbn: t.isbn,
  stock: t.stock,
  priority: t.priority,
  status: t.status,
  reason: t.reason,
  enqueued_at: t.enqueuedAtMs,
  finished_at: t.finishedAtMs,
});
