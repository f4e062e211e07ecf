import type { Stock } from "./stock.js";

/**
 * Domain events the catalog publishes (agreed topics and payloads). They are written with the change they describe,
 * in the same transaction, and relayed to the event stream after commit (search and caches follow them).
 */
export type CatalogEvent =
  | { readonly topic: "book.listed"; readonly key: string; readonly data: { readonly bookIds: readonly string[] } }
  | { readonly topic: "book.updated"; readonly key: string; readonly data: { readonly bookId: string } }
  | { readonly topic: "book.deleted"; readonly key: string; readonly data: { readonly bookId: string } }
  | {
      readonly topic: "stock.changed";
      readonly key: string;
      readonly data: { readonly bookId: string; readonly available: number; readonly reserved: number };
    };

export const CATALOG_TOPICS = ["book.listed", "book.updated", "book.deleted", "stock.changed"] as const;

/** A created or edited book (any field). */
export const bookUpdated = (bookId: string): CatalogEvent => ({ topic: "book.updated", key: bookId, data: { bookId } });

export const bookDeleted = (bookId: string): CatalogEvent => ({ topic: "book.deleted", key: bookId, data: { bookId } });

/** One listing batch: its books' stock was set. Keyed by the first book (a batch has no aggregate of its own). */
export const booksListed = (bookIds: readonly string[]): CatalogEvent => ({
  topic: "book.listed",
  key: bookIds[0] ?? "",
  data: { bookIds: [...bookIds] },
});

export const stockChanged = (stock: Stock): CatalogEvent => ({
  topic: "stock.changed",
  key: stock.bookId,
  data: { bookId: stock.bookId, available: stock.available, reserved: stock.reserved },
});

/** The outbox, as the domain sees it: events join the caller's transaction. */
export interface CatalogOutbox {
  add(events: readonly CatalogEvent[], nowMs: number): Promise<void>;
}
