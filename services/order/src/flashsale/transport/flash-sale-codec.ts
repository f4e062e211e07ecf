import type { HandlerContext } from "@connectrpc/connect";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { FlashSalePurchaseSchema, FlashSaleSchema } from "@bookstore/contracts/order/v1/flash_sale";
import { hasPermission, requireCaller } from "@bookstore/platform/rpc";
import type { FlashSaleActor } from "../domain/flash-sale-actor.js";
import type { FlashSale, FlashSalePurchase } from "../domain/flash-sale.js";

export function flashSaleActorFrom(ctx: HandlerContext): FlashSaleActor {
  const caller = requireCaller(ctx);
  return { userId: caller.userId, canManage: hasPermission(caller.permissions, "flashsale:write"), credentials: caller };
}

export const saleToProto = (s: FlashSale): MessageInitShape<typeof FlashSaleSchema> => ({
  id: s.id,
  bookId: s.bookId,
  priceCents: BigInt(s.priceCents),
  quantity: s.quantity,
  remaining: s.remaining,
  startsAtMs: BigInt(s.startsAtMs),
  endsAtMs: BigInt(s.endsAtMs),
});

export const purchaseToProto = (p: FlashSalePurchase): MessageInitShape<typeof FlashSalePurchaseSchema> => ({
  saleId: p.saleId,
  userId: p.userId,
  status: p.status,
  orderId: p.orderId ?? "",
  reason: p.reason ?? "",
});
