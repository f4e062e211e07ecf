import type { Clock, Ids } from "./clock.js";
import { newCoupon, type Coupon, type NewCoupon } from "./coupon.js";
import { userNotFound } from "./errors.js";
import type { UserStore } from "./user-store.js";

/** Staff puts a coupon into a user's wallet. */
export class CreateCoupon {
  constructor(private readonly deps: { store: UserStore; clock: Clock; ids: Ids }) {}

  async execute(input: NewCoupon): Promise<Coupon> {
    const coupon = newCoupon(input, this.deps.ids.next(), this.deps.clock.now().getTime());
    if (!(await this.deps.store.users.byId(input.userId))) throw userNotFound(input.userId);
    await this.deps.store.coupons.insert(coupon);
    return coupon;
  }
}
