import type { StockLine } from "./stock.js";

export type ReservationState = "reserved" | "released" | "confirmed";

/** Raised by `add` when the key was stored concurrently: the other call reserved, so this one has nothing to do. */
export class ReservationKeyTaken extends Error {
  constructor(readonly key: string) {
    super(`reservation ${key} exists`);
    this.name = "ReservationKeyTaken";
  }
}

/** What an order holds, one row per (key, book). */
export interface ReservationRepository {
  exists(key: string): Promise<boolean>;
  /** Throws ReservationKeyTaken when the key exists. */
  add(key: string, lines: readonly StockLine[], nowMs: number): Promise<void>;
  /**
   * Moves the key's lines from "reserved" to `to` and returns them; returns [] when the key is unknown or
   * already settled. Conditional on the state, so two concurrent settles move the stock once.
   */
  settle(key: string, to: Exclude<ReservationState, "reserved">, nowMs: number): Promise<StockLine[]>;
}
