import type { Order } from "../../domain/order.js";
import type { FlashSale, FlashSalePurchase, GateOutcome } from "./flash-sale.js";

export interface FlashSaleRepository {
  insert(sale: FlashSale): Promise<void>;
  byId(id: string): Promise<FlashSale | undefined>;
  /** Newest first. */
  list(page: number, size: number): Promise<{ sales: FlashSale[]; total: number }>;
  /** Ended at or before `beforeMs` and whose unsold units were not given back to the catalog yet. */
  endedWithUnitsHeld(beforeMs: number, limit: number): Promise<FlashSale[]>;
  markUnitsReleased(id: string): Promise<void>;
}

export interface PurchaseRepository {
  find(saleId: string, userId: string): Promise<FlashSalePurchase | undefined>;
  /** Oldest first: the durable queue the order worker drains. */
  queued(limit: number): Promise<FlashSalePurchase[]>;
  /** Units owned by purchases that are queued or succeeded (a failed purchase's unit goes back). */
  unitsInUse(saleId: string): Promise<Set<number>>;
  /** Lowest unit index handed out so far (units are handed out from the top down), undefined with no purchases. */
  lowestUnit(saleId: string): Promise<number | undefined>;
  buyers(saleId: string): Promise<string[]>;
  /**
   * In one transaction: queued → succeeded with the order's id, and the order itself. False (nothing written)
   * when another worker settled the purchase first, so a purchase never gets two orders.
   */
  fulfil(purchase: FlashSalePurchase, order: Order): Promise<boolean>;
  fail(purchase: FlashSalePurchase, reason: string, nowMs: number): Promise<void>;
  /** The sale unit a flash-sale order holds, or undefined for any other order. */
  unitOfOrder(orderId: string): Promise<{ saleId: string; unit: number } | undefined>;
}

/**
 * The atomic part of a purchase: window, one per user, one unit, and the purchase recorded durably as queued.
 * SQL in embedded (conditional UPDATE + unique row), a Redis Lua script in production.
 */
export interface PurchaseGate {
  /** Makes a just-stored sale purchasable. */
  open(sale: FlashSale): Promise<void>;
  acquire(sale: FlashSale, userId: string, nowMs: number): Promise<GateOutcome>;
  /** Live remaining counts by sale id (the stored row can lag behind a Redis counter). */
  remaining(sales: readonly FlashSale[]): Promise<Map<string, number>>;
}

/** Where a new sale order's payment deadline is scheduled (the order service's delayed job); optional. */
export interface SaleOrderDeadlines {
  schedule(orderId: string, dueAtMs: number): Promise<void>;
}
