import type { Coupon } from "./coupon.js";

/** Status changes are conditional updates: false means the coupon was not in the expected state any more. */
export interface CouponRepository {
  insert(coupon: Coupon): Promise<void>;
  byId(id: string): Promise<Coupon | undefined>;
  /** The coupon frozen for or used by an order (at most one: order_id is unique). */
  byOrderId(orderId: string): Promise<Coupon | undefined>;
  /** Newest first, as stored (expiry not applied). */
  listByUser(userId: string): Promise<Coupon[]>;
  /** available → frozen for the order. Throws CONFLICT when the order already holds another coupon. */
  freeze(id: string, orderId: string, nowMs: number): Promise<boolean>;
  /** frozen → available; the order id stays as a tombstone (Coupon.releasedFor) until the next freeze. */
  release(id: string, nowMs: number): Promise<boolean>;
  /** frozen → used. */
  markUsed(id: string, nowMs: number): Promise<boolean>;
}
