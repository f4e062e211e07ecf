import type { Clock } from "./clock.js";
import { seenAt, type Coupon } from "./coupon.js";
import type { UserStore } from "./user-store.js";

export class ListCoupons {
  constructor(private readonly deps: { store: UserStore; clock: Clock }) {}

  async execute(input: { userId: string }): Promise<Coupon[]> {
    const nowMs = this.deps.clock.now().getTime();
    return (await this.deps.store.coupons.listByUser(input.userId)).map((c) => seenAt(c, nowMs));
  }
}
