import type { StockPort } from "../domain/catalog-port.js";
import type { OrderLine } from "../domain/order-lines.js";
import type { SagaStep } from "./saga-step.js";

export interface ReserveStockInput {
  lines: readonly OrderLine[];
}

/** Keyed by the order id, so a retried reservation is the same reservation, and a release after it is final. */
export const reserveStockStep = (stock: StockPort): SagaStep<ReserveStockInput, void> => ({
  name: "reserve-stock",
  run: (input, ctx) => stock.reserve(ctx.orderId, input.lines, ctx.on),
  compensate: (ctx) => stock.release(ctx.orderId, ctx.on),
});
