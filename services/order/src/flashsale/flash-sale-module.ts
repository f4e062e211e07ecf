import type { ConnectRouter } from "@connectrpc/connect";
import type { Database } from "@bookstore/platform/db";
import type { RedisClient } from "@bookstore/platform/kv";
import type { Logger } from "@bookstore/platform/logger";
import type { BookCatalog, StockPort } from "../domain/catalog-port.js";
import type { Clock, Ids } from "../domain/clock.js";
import type { FailureReporter } from "../domain/failure-reporter.js";
import { NO_ORDER_UPDATES, type OrderUpdates } from "../domain/order-updates-port.js";
import type { OrderDb } from "../storage/schema.js";
import { CreateFlashSale } from "./domain/create-flash-sale.js";
import { FlashSaleOrderStock } from "./domain/flash-sale-order-stock.js";
import type { PurchaseGate, SaleOrderDeadlines } from "./domain/flash-sale-ports.js";
import { FulfilFlashSalePurchases } from "./domain/fulfil-flash-sale-purchases.js";
import { GetFlashSalePurchase } from "./domain/get-flash-sale-purchase.js";
import { GetFlashSale } from "./domain/get-flash-sale.js";
import { ListFlashSales } from "./domain/list-flash-sales.js";
import { PurchaseFlashSale } from "./domain/purchase-flash-sale.js";
import { ReleaseUnsoldSaleUnits } from "./domain/release-unsold-sale-units.js";
import { FlashSaleWorker } from "./jobs/flash-sale-worker.js";
import { flashSaleDb } from "./storage/flash-sale-schema.js";
import { KyselyFlashSaleRepository } from "./storage/kysely-flash-sale-repository.js";
import { KyselyPurchaseRepository } from "./storage/kysely-purchase-repository.js";
import { RedisPurchaseGate } from "./storage/redis-purchase-gate.js";
import { SqlPurchaseGate } from "./storage/sql-purchase-gate.js";
import { registerFlashSaleHandlers, type FlashSaleUseCases } from "./transport/flash-sale-handlers.js";

export interface FlashSaleSettings {
  pollMs: number;
  batchSize: number;
  maxQuantity: number;
  reserveConcurrency: number;
  releaseGraceSeconds: number;
  releaseEveryMs: number;
  paymentTimeoutSeconds: number;
}

export interface FlashSaleModuleDeps {
  db: Database<OrderDb>;
  /** Production: the Lua gate. Absent (embedded): the SQL gate. */
  redis: RedisClient | undefined;
  catalog: BookCatalog & StockPort;
  reporter: FailureReporter;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  settings: FlashSaleSettings;
  /** The payment-deadline job for sale orders; without it the order sweep expires them. */
  deadlines?: SaleOrderDeadlines | undefined;
  /** Tells buyers their purchase result over /ws (main.ts: the event bus); none when left out. */
  updates?: OrderUpdates | undefined;
}

export interface FlashSaleModule {
  /** The StockPort the order use cases must use, so sale orders pay for and give back their own sale unit. */
  stock: StockPort;
  useCases: FlashSaleUseCases;
  worker: FlashSaleWorker;
  releaseUnsold: ReleaseUnsoldSaleUnits;
  routes(router: ConnectRouter): void;
  start(): void;
  close(): Promise<void>;
}

/** Wires flash sales into the order service (called from main.ts, which owns the db and Redis). */
export function buildFlashSales(deps: FlashSaleModuleDeps): FlashSaleModule {
  const { clock, ids, reporter, settings } = deps;
  const db = flashSaleDb(deps.db.db);
  const sales = new KyselyFlashSaleRepository(db);
  const purchases = new KyselyPurchaseRepository(deps.db.db);
  const gate: PurchaseGate = deps.redis ? new RedisPurchaseGate(deps.redis, db, purchases) : new SqlPurchaseGate(db);
  const stock = new FlashSaleOrderStock(deps.catalog, purchases);
  const releaseUnsold = new ReleaseUnsoldSaleUnits({
    sales, purchases, stock: deps.catalog, reporter, clock, graceMs: settings.releaseGraceSeconds * 1000,
  });
  const worker = new FlashSaleWorker(
    new FulfilFlashSalePurchases({
      sales, purchases, reporter, clock, ids, paymentTimeoutSeconds: settings.paymentTimeoutSeconds, batchSize: settings.batchSize,
      deadlines: deps.deadlines, updates: deps.updates ?? NO_ORDER_UPDATES,
    }),
    releaseUnsold,
    deps.logger.child({ component: "flash-sale-worker" }),
    { pollMs: settings.pollMs, releaseEveryMs: settings.releaseEveryMs },
  );
  const useCases: FlashSaleUseCases = {
    createFlashSale: new CreateFlashSale({
      sales, gate, catalog: deps.catalog, stock: deps.catalog, reporter, clock, ids,
      maxQuantity: settings.maxQuantity, reserveConcurrency: settings.reserveConcurrency,
    }),
    listFlashSales: new ListFlashSales({ sales, gate }),
    getFlashSale: new GetFlashSale({ sales, gate }),
    purchaseFlashSale: new PurchaseFlashSale({ sales, gate, clock, onAccepted: () => worker.kick() }),
    getFlashSalePurchase: new GetFlashSalePurchase({ purchases }),
  };
  return {
    stock,
    useCases,
    worker,
    releaseUnsold,
    routes: (router) => registerFlashSaleHandlers(router, useCases),
    start: () => worker.start(),
    close: () => worker.stop(),
  };
}
