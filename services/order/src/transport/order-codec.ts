import type { HandlerContext } from "@connectrpc/connect";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { CartSchema, OrderSchema } from "@bookstore/contracts/order/v1/order";
import { hasPermission, requireCaller } from "@bookstore/platform/rpc";
import type { Actor } from "../domain/actor.js";
import type { CartView } from "../domain/cart-view.js";
import type { Order } from "../domain/order.js";

// int64 fields are bigint in the generated code (protobuf-es ignores jstype = JS_NUMBER); the domain uses numbers.

/** The caller the gateway forwarded, with the staff permissions the order rules ask about. */
export function actorFrom(ctx: HandlerContext): Actor {
  const caller = requireCaller(ctx);
  return {
    userId: caller.userId,
    staffRead: hasPermission(caller.permissions, "order:read"),
    staffWrite: hasPermission(caller.permissions, "order:write"),
    credentials: caller,
  };
}

export const orderToProto = (o: Order): MessageInitShape<typeof OrderSchema> => ({
  id: o.id,
  userId: o.userId,
  status: o.status,
  items: o.items.map((i) => ({ bookId: i.bookId, title: i.title, quantity: i.quantity, priceCents: BigInt(i.priceCents) })),
  totalCents: BigInt(o.totalCents),
  discountCents: BigInt(o.discountCents),
  payableCents: BigInt(o.payableCents),
  currency: o.currency,
  couponId: o.couponId ?? "",
  addressId: o.addressId ?? "",
  createdAtMs: BigInt(o.createdAtMs),
  expiresAtMs: BigInt(o.expiresAtMs),
  updatedAtMs: BigInt(o.updatedAtMs),
});

export const cartToProto = (c: CartView): MessageInitShape<typeof CartSchema> => ({
  items: c.items.map((i) => ({ ...i, priceCents: BigInt(i.priceCents) })),
  totalCents: BigInt(c.totalCents),
  currency: c.currency,
});
