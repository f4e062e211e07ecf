import type { Credentials } from "./actor.js";
import type { OrderLine } from "./order-lines.js";

export interface PricedBook {
  readonly id: string;
  readonly title: string;
  readonly priceCents: number;
  readonly currency: string;
}

/** Book data from the catalog; deleted and unknown books are simply absent from the result. */
export interface BookCatalog {
  booksByIds(ids: readonly string[], on: Credentials): Promise<ReadonlyMap<string, PricedBook>>;
}

/** The catalog's stock reservations; every call is idempotent per key (the order id). */
export interface StockPort {
  /** All lines or none; OUT_OF_STOCK when any line cannot be reserved. */
  reserve(key: string, lines: readonly OrderLine[], on: Credentials): Promise<void>;
  /** A no-op for an unknown or already settled key. */
  release(key: string, on: Credentials): Promise<void>;
  confirm(key: string, on: Credentials): Promise<void>;
}
