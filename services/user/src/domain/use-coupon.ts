import type { Actor } from "./actor.js";
import type { Clock } from "./clock.js";
import { couponForbidden, noCouponForOrder } from "./errors.js";
import type { UserStore } from "./user-store.js";

/** The order was paid: its frozen coupon is spent. Idempotent: already used for this order is success. */
export class UseCoupon {
  constructor(private readonly deps: { store: UserStore; clock: Clock }) {}

  async execute(actor: Actor, input: { orderId: string }): Promise<void> {
    const { coupons } = this.deps.store;
    const coupon = await coupons.byOrderId(input.orderId);
    if (!coupon) throw noCouponForOrder(input.orderId);
    if (!actor.staff && actor.userId !== coupon.userId) throw couponForbidden();
    if (coupon.status === "used") return;
    if (await coupons.markUsed(coupon.id, this.deps.clock.now().getTime())) return;
    const again = await coupons.byOrderId(input.orderId);
    if (again?.status !== "used") throw noCouponForOrder(input.orderId);
  }
}
