import { itemsOrCart } from "./errors.js";
import { mergeLines, requireId, type OrderLine } from "./order-lines.js";
import { requestHash, requireIdempotencyKey, type OrderRequest } from "./request-hash.js";

export interface PlaceOrderInput {
  userId: string;
  idempotencyKey: string;
  items: readonly OrderLine[];
  fromCart: boolean;
  /** Empty: none. */
  couponId: string;
  addressId: string;
}

export interface ParsedOrderRequest {
  readonly key: string;
  readonly request: OrderRequest;
  readonly hash: string;
}

/** Everything about the request that can be checked without I/O, checked before anything is stored. */
export function parseOrderRequest(input: PlaceOrderInput, maxLines: number): ParsedOrderRequest {
  const key = requireIdempotencyKey(input.idempotencyKey);
  if (input.fromCart === input.items.length > 0) throw itemsOrCart();
  const request: OrderRequest = {
    items: input.fromCart ? [] : mergeLines(input.items, maxLines),
    fromCart: input.fromCart,
    couponId: input.couponId ? requireId("couponId", input.couponId) : null,
    addressId: input.addressId ? requireId("addressId", input.addressId) : null,
  };
  return { key, request, hash: requestHash(request) };
}
