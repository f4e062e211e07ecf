import type { Actor } from "./actor.js";
import type { Clock } from "./clock.js";
import { couponForbidden } from "./errors.js";
import type { UserStore } from "./user-store.js";

/** Gives a frozen coupon back (order cancelled or expired). Nothing frozen for the order: nothing to do. */
export class ReleaseCoupon {
  constructor(private readonly deps: { store: UserStore; clock: Clock }) {}

  async execute(actor: Actor, input: { orderId: string }): Promise<void> {
    const { coupons } = this.deps.store;
    const coupon = await coupons.byOrderId(input.orderId);
    if (!coupon || coupon.status !== "frozen") return;
    if (!actor.staff && actor.userId !== coupon.userId) throw couponForbidden();
    // A lost race means another release (or a use) got there first; either way nothing is left to release.
    await coupons.release(coupon.id, this.deps.clock.now().getTime());
  }
}
