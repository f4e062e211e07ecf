import type { Credentials } from "../domain/actor.js";
import type { StockPort } from "../domain/catalog-port.js";
import type { OrderLine } from "../domain/order-lines.js";
import type { Step } from "./saga.js";

export interface ReserveStockInput {
  orderId: string;
  lines: readonly OrderLine[];
  on: Credentials;
}

/** Keyed by the order id, so a retried reservation is the same reservation. */
export const reserveStockStep = (stock: StockPort): Step<ReserveStockInput, void> => ({
  name: "reserve-stock",
  run: (input) => stock.reserve(input.orderId, input.lines, input.on),
  compensate: (input) => stock.release(input.orderId, input.on),
});
