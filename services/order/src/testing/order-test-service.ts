import { createClient, createRouterTransport, type Client } from "@connectrpc/connect";
import { OrderService } from "@bookstore/contracts/order/v1/order";
import { FakeClock } from "@bookstore/platform/clock";
import { fromConnectError, isAppError } from "@bookstore/platform/errors";
import type { Database } from "@bookstore/platform/db";
import { Snowflake } from "@bookstore/platform/ids";
import { createLogger } from "@bookstore/platform/logger";
import { createMetrics } from "@bookstore/platform/metrics";
import { callerHeaders, clientErrorInterceptor, serverInterceptors, type Caller } from "@bookstore/platform/rpc";
import { createOrderUseCases } from "../order-use-cases.js";
import { KyselyCartRepository } from "../storage/kysely-cart-repository.js";
import { KyselyCartStatsRepository } from "../storage/kysely-cart-stats-repository.js";
import { KyselyOrderStore } from "../storage/kysely-order-store.js";
import type { OrderDb } from "../storage/schema.js";
import { registerOrderHandlers } from "../transport/order-handlers.js";
import { FakeCatalog, FakeCoupons, FakePurchases, RecordingProvider, RecordingReporter } from "./fake-peers.js";

export const TEST_HMAC_SECRET = "test-hmac-secret-0123456789";

let userSeq = 0;

/**
 * The real order handlers, use cases and storage behind Connect's router transport, as the gateway sees
 * them; only the peers (catalog, user, recommendation, payment provider) are in-memory stand-ins.
 */
export function orderTestService(db: Database<OrderDb>) {
  const clock = new FakeClock(new Date("2026-03-01T00:00:00.000Z"));
  const catalog = new FakeCatalog();
  const coupons = new FakeCoupons();
  const purchases = new FakePurchases();
  const provider = new RecordingProvider();
  const reporter = new RecordingReporter();
  const store = new KyselyOrderStore(db.db);
  const { expireOrders, ...useCases } = createOrderUseCases({
    store,
    carts: new KyselyCartRepository(db.db, db.dialect, clock), cartStats: new KyselyCartStatsRepository(db.db, db.dialect),
    catalog,
    stock: catalog,
    coupons,
    purchases,
    provider,
    reporter,
    clock,
    ids: new Snowflake(7),
    settings: { maxLinesPerOrder: 5, paymentTimeoutSeconds: 900, hmacSecret: TEST_HMAC_SECRET },
  });
  const logger = createLogger({ level: "silent", name: "order-test" });
  const transport = createRouterTransport((router) => registerOrderHandlers(router, useCases), {
    router: { interceptors: serverInterceptors("order", logger, createMetrics()) },
    transport: { interceptors: [clientErrorInterceptor] },
  });
  const client: Client<typeof OrderService> = createClient(OrderService, transport);
  return { client, clock, catalog, coupons, purchases, provider, reporter, store, expireOrders };
}

export const customer = (): Caller => ({ userId: String(8_000_000_000_000_000_000n + BigInt(++userSeq)), role: "customer", permissions: [] });
export const admin = (): Caller => ({ userId: String(8_100_000_000_000_000_000n + BigInt(++userSeq)), role: "admin", permissions: ["*"] });
export const viewer = (): Caller => ({ userId: String(8_200_000_000_000_000_000n + BigInt(++userSeq)), role: "viewer", permissions: ["*:read"] });
export const as = (caller: Caller) => ({ headers: callerHeaders(caller) });

let bookSeq = 0;
export const bookId = () => String(7_000_000_000_000_000_000n + BigInt(process.pid) * 10_000n + BigInt(++bookSeq));

/**
 * The reason a call failed with. Connect's client wraps whatever an interceptor throws in a ConnectError,
 * so the AppError from the platform's client interceptor may arrive as its cause.
 */
export const reasonOf = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => "resolved",
    (e: unknown) => {
      const cause = e instanceof Error ? e.cause : undefined;
      return fromConnectError(isAppError(cause) ? cause : e).reason;
    },
  );
