import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, unwrap } from "../api/api-client.js";
import type { Cart } from "../api/types.js";
import { useSession } from "../api/use-session.js";

interface CartState {
  cart: Cart | undefined;
  count: number;
  reload(): Promise<void>;
  set(cart: Cart): void;
}

const CartContext = createContext<CartState | undefined>(undefined);

/** The header's cart count and the cart page share one copy; every cart call answers the whole cart. */
export function CartProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const [cart, setCart] = useState<Cart | undefined>();
  const reload = useCallback(async () => {
    if (!session) return setCart(undefined);
    setCart(await unwrap(api.GET("/api/v1/cart")));
  }, [session]);
  useEffect(() => {
    reload().catch((e: unknown) => console.warn("cart not loaded", e));
  }, [reload]);
  const value = useMemo<CartState>(
    () => ({ cart, count: cart?.items.reduce((n, i) => n + i.quantity, 0) ?? 0, reload, set: setCart }),
    [cart, reload],
  );
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartState {
  const ctx = useContext(CartContext);
  if (!ctx) throw new Error("useCart outside CartProvider");
  return ctx;
}
