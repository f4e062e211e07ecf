/**
 * Where a cart's life is reported (counters and the abandonment ratio in production). A cart is created when it
 * goes from empty to non-empty and converted when an order is placed from it; counted here, in the use cases, so
 * the SQL and Redis cart adapters count alike.
 */
export interface CartFunnel {
  cartCreated(userId: string): void;
  cartConverted(userId: string): void;
}

export const UNCOUNTED_CART_FUNNEL: CartFunnel = { cartCreated: () => undefined, cartConverted: () => undefined };
