import { badField } from "./errors.js";
import { isValidIsbn13, normalizeIsbn } from "./isbn.js";
import { MAX_AVAILABLE } from "./stock.js";

export const LISTING_PRIORITIES = ["high", "normal"] as const;
export type ListingPriority = (typeof LISTING_PRIORITIES)[number];
export type ListingStatus = "queued" | "running" | "done" | "failed";

/** One stock count by ISBN, applied asynchronously by the listing engine. */
export interface ListingTask {
  readonly taskId: string;
  /** Normalized: 13 digits. */
  readonly isbn: string;
  /** Units available once listed (a count, not a delta). */
  readonly stock: number;
  readonly priority: ListingPriority;
  readonly status: ListingStatus;
  /** Why it failed; "" otherwise. */
  readonly reason: string;
  readonly enqueuedAtMs: number;
  /** null until done or failed. */
  readonly finishedAtMs: number | null;
}

export interface ListingItem {
  readonly isbn: string;
  readonly stock: number;
  readonly priority: ListingPriority;
}

/** Failure reasons a client reads from GET /listings/{taskId}: short, stable, safe to show. */
export const LISTING_FAILURES = {
  invalidIsbn: "invalid ISBN-13",
  invalidStock: `stock must be an integer from 0 to ${MAX_AVAILABLE}`,
  unknownBook: "no book with this ISBN",
  timeout: "timed out",
  interrupted: "interrupted",
  writeFailed: "stock write failed",
} as const;

export const isFinished = (t: Pick<ListingTask, "status">): boolean => t.status === "done" || t.status === "failed";

/**
 * What a submitted item must be before it may take a queue slot: malformed input answers 400 at once instead
 * of occupying capacity. `field` names the item (`items[3]`) so a client can find it in a batch.
 */
export function listingItem(raw: { isbn: string; stock: number; priority: ListingPriority }, field: string): ListingItem {
  const isbn = normalizeIsbn(raw.isbn);
  if (!isValidIsbn13(isbn))
    throw badField(`${field}.isbn`, "is not a valid ISBN-13 (13 digits starting 978/979 with a correct check digit)", {
      value: raw.isbn,
    });
  if (stockProblem(raw.stock))
    throw badField(`${field}.stock`, `must be an integer from 0 to ${MAX_AVAILABLE}`, { max: MAX_AVAILABLE });
  return { isbn, stock: raw.stock, priority: raw.priority };
}

const stockProblem = (stock: number): boolean => !Number.isSafeInteger(stock) || stock < 0 || stock > MAX_AVAILABLE;

/**
 * The worker's own check, whatever admitted the task (a record re-read after a restart, another caller):
 * the reason it cannot be applied, or undefined. Whether the book exists is decided with the write.
 */
export function listingProblem(task: Pick<ListingTask, "isbn" | "stock">): string | undefined {
  if (!isValidIsbn13(task.isbn)) return LISTING_FAILURES.invalidIsbn;
  if (stockProblem(task.stock)) return LISTING_FAILURES.invalidStock;
  return undefined;
}

export const queuedTask = (taskId: string, item: ListingItem, nowMs: number): ListingTask => ({
  taskId,
  ...item,
  status: "queued",
  reason: "",
  enqueuedAtMs: nowMs,
  finishedAtMs: null,
});

export const runningTask = (task: ListingTask): ListingTask => ({ ...task, status: "running" });

export const finishedTask = (task: ListingTask, nowMs: number, reason?: string): ListingTask => ({
  ...task,
  status: reason === undefined ? "done" : "failed",
  reason: reason ?? "",
  finishedAtMs: nowMs,
});
