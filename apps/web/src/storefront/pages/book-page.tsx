import { useState } from "react";
import { api, unwrap } from "../../api/api-client.js";
import { describeError } from "../../api/describe-error.js";
import { useI18n } from "../../i18n/i18n.js";
import { formatPrice } from "../../shared/money.js";
import { navigate } from "../../shared/router.js";
import { useAsync } from "../../shared/use-async.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { BookGrid } from "../components/book-card.js";
import { Cover } from "../components/cover.js";
import { useCart } from "../cart-context.js";
import { requireLogin } from "../require-login.js";
import { languageName } from "../../shared/language-name.js";

export function BookPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const cart = useCart();
  const book = useAsync(() => unwrap(api.GET("/api/v1/books/{id}", { params: { path: { id } } })), [id]);
  const [qty, setQty] = useState(1);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const [busy, setBusy] = useState(false);

  if (book.error) return <ErrorNotice error={book.error} />;
  const b = book.data;
  if (!b) return <Loading />;
  const soldOut = b.stockStatus === "out_of_stock";

  const add = async (thenGo?: string) => {
    if (!requireLogin()) return;
    setBusy(true);
    setMessage(undefined);
    try {
      cart.set(await unwrap(api.POST("/api/v1/cart/items", { body: { bookId: b.id, quantity: qty } })));
      setMessage({ ok: true, text: t("book.added") });
      if (thenGo) navigate(thenGo);
    } catch (e) {
      setMessage({ ok: false, text: describeError(e, t) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <article className="book-detail">
        <Cover id={b.id} title={b.title} authors={b.authors} size="lg" {...(b.coverUrl ? { coverUrl: b.coverUrl } : {})} />
        <div className="book-info">
          <h1>{b.title}</h1>
          <p className="book-authors">{b.authors.join(", ")}</p>
          <p className="price price-large">{formatPrice(b.priceCents)}</p>
          <p className={`stock stock-${b.stockStatus}`} data-testid="stock-status">{t(`stock.${b.stockStatus}`)}</p>
          <div className="buy-row">
            <label>
              {t("book.quantity")}
              <input type="number" min={1} max={99} value={qty} onChange={(e) => setQty(Math.min(99, Math.max(1, Number(e.target.value) || 1)))} />
            </label>
            <button type="button" className="primary" disabled={busy || soldOut} onClick={() => void add()}>{t("book.addToCart")}</button>
            <button type="button" className="secondary" disabled={busy || soldOut} onClick={() => void add("/cart")}>{t("book.buyNow")}</button>
          </div>
          {message ? <p className={message.ok ? "notice notice-ok" : "notice notice-error"} role={message.ok ? "status" : "alert"}>{message.text}</p> : null}
          <dl className="book-facts">
            <dt>{t("book.publisher")}</dt><dd>{b.publisher}</dd>
            <dt>{t("book.isbn")}</dt><dd>{b.isbn}</dd>
            <dt>{t("book.language")}</dt><dd>{languageName(b.language, lang)}</dd>
            {b.publishedAt ? <><dt>{t("book.published")}</dt><dd>{b.publishedAt}</dd></> : null}
          </dl>
          {b.description ? (
            <section>
              <h2>{t("book.description")}</h2>
              <p className="description">{b.description}</p>
            </section>
          ) : null}
        </div>
      </article>
      {b.recommendations.length ? (
        <section className="shelf">
          <h2>{t("book.related")}</h2>
          <BookGrid books={b.recommendations} />
        </section>
      ) : null}
    </>
  );
}
