import { useState } from "react";
import { api, unwrap } from "../../api/api-client.js";
import { useI18n } from "../../i18n/i18n.js";
import { formatPrice } from "../../shared/money.js";
import { Link } from "../../shared/router.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { Cover } from "../components/cover.js";
import { useCart } from "../cart-context.js";

export function CartPage() {
  const { t } = useI18n();
  const { cart, set } = useCart();
  const [error, setError] = useState<unknown>();
  if (!cart) return <Loading />;

  const change = async (bookId: string, quantity: number) => {
    setError(undefined);
    try {
      set(
        quantity <= 0
          ? await unwrap(api.DELETE("/api/v1/cart/items/{bookId}", { params: { path: { bookId } } }))
          : await unwrap(api.PATCH("/api/v1/cart/items/{bookId}", { params: { path: { bookId } }, body: { quantity } })),
      );
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="panel">
      <h1>{t("cart.title")}</h1>
      <ErrorNotice error={error} />
      {cart.items.length === 0 ? (
        <p className="empty">{t("cart.empty")} <Link href="/">{t("cart.browse")}</Link></p>
      ) : (
        <>
          <ul className="line-items">
            {cart.items.map((i) => (
              <li key={i.bookId} className="line-item">
                <Cover id={i.bookId} title={i.title} authors={[]} size="sm" />
                <Link href={`/books/${i.bookId}`} className="line-title">{i.title}</Link>
                <span className="price">{formatPrice(i.priceCents)}</span>
                <label className="qty">
                  <span className="visually-hidden">{t("book.quantity")} {i.title}</span>
                  <input type="number" min={1} max={99} value={i.quantity} onChange={(e) => void change(i.bookId, Number(e.target.value) || 1)} />
                </label>
                <button type="button" className="link-button" onClick={() => void change(i.bookId, 0)}>{t("cart.remove")}</button>
              </li>
            ))}
          </ul>
          <div className="cart-total">
            <span>{t("cart.total")}</span>
            <strong className="price price-large" data-testid="cart-total">{formatPrice(cart.totalCents)}</strong>
            <Link href="/checkout" className="button primary">{t("cart.checkout")}</Link>
          </div>
        </>
      )}
    </section>
  );
}
