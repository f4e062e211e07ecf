import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { UserService } from "@bookstore/contracts/user/v1/user";
import { callerHeaders } from "@bookstore/platform/rpc";
import type { Credentials } from "../domain/actor.js";
import type { CouponPort, FreezeCouponInput } from "../domain/coupon-port.js";

const on = (credentials: Credentials) => ({ headers: callerHeaders(credentials) });

/** The user service's coupon wallet behind CouponPort. */
export class CouponClient implements CouponPort {
  private readonly client: Client<typeof UserService>;

  constructor(transport: Transport) {
    this.client = createClient(UserService, transport);
  }

  async freeze(input: FreezeCouponInput, credentials: Credentials): Promise<{ discountCents: number }> {
    const res = await this.client.freezeCoupon({ ...input, orderCents: BigInt(input.orderCents) }, on(credentials));
    // int64 arrives as bigint; coupon values are far below 2^53.
    return { discountCents: Number(res.coupon?.discountCents ?? 0n) };
  }

  async release(orderId: string, credentials: Credentials): Promise<void> {
    await this.client.releaseCoupon({ orderId }, on(credentials));
  }

  async use(orderId: string, credentials: Credentials): Promise<void> {
    await this.client.useCoupon({ orderId }, on(credentials));
  }
}
