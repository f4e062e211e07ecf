import { useEffect, useState } from "react";
import { api, unwrap } from "../../api/api-client.js";
import type { Order } from "../../api/types.js";
import { useI18n } from "../../i18n/i18n.js";
import { formatPrice } from "../../shared/money.js";
import { Link } from "../../shared/router.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { watchOrders } from "../live-orders.js";

export function StatusBadge({ status }: { status: Order["status"] }) {
  const { t } = useI18n();
  return <span className={`status status-${status}`} data-testid="order-status">{t(`status.${status}`)}</span>;
}

export function OrderPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const [order, setOrder] = useState<Order>();
  const [error, setError] = useState<unknown>();
  const [paying, setPaying] = useState(false);

  useEffect(() => {
    const load = () =>
      unwrap(api.GET("/api/v1/orders/{id}", { params: { path: { id } } })).then(setOrder, (e: unknown) => setError(e));
    void load();
    return watchOrders((changed) => {
      if (!changed || changed === id) void load();
    });
  }, [id]);

  if (!order) return error ? <ErrorNotice error={error} /> : <Loading />;

  const act = async (what: "pay" | "cancel") => {
    setError(undefined);
    setPaying(what === "pay");
    try {
      if (what === "pay") await unwrap(api.POST("/api/v1/orders/{id}/pay", { params: { path: { id } } }));
      else setOrder(await unwrap(api.POST("/api/v1/orders/{id}/cancel", { params: { path: { id } } })));
    } catch (e) {
      setError(e);
      setPaying(false);
    }
  };
  const time = (iso: string) => new Date(iso).toLocaleString(lang);
  const pending = order.status === "pending_payment";

  return (
    <section className="panel order">
      <div className="order-head">
        <h1>{t("order.title")}</h1>
        <StatusBadge status={order.status} />
      </div>
      <p className="muted">
        {t("order.number")} {order.id} · {t("order.placedAt")} {time(order.createdAt)} · <span className="live-dot" aria-hidden="true" /> {t("order.live")}
      </p>
      <ul className="summary-items">
        {order.items.map((i) => (
          <li key={i.bookId}>
            <Link href={`/books/${i.bookId}`}>{i.title} × {i.quantity}</Link>
            <span>{formatPrice(i.priceCents * i.quantity)}</span>
          </li>
        ))}
      </ul>
      <dl className="totals">
        <dt>{t("checkout.subtotal")}</dt><dd>{formatPrice(order.totalCents)}</dd>
        <dt>{t("checkout.discount")}</dt><dd>-{formatPrice(order.discountCents)}</dd>
        <dt className="payable">{t("checkout.payable")}</dt><dd className="payable price-large" data-testid="order-payable">{formatPrice(order.payableCents)}</dd>
      </dl>
      <ErrorNotice error={error} />
      {pending ? (
        <div className="actions">
          <p className="muted">{t("order.expires", { time: time(order.expiresAt) })}</p>
          <button type="button" className="primary" disabled={paying} onClick={() => void act("pay")}>
            {paying ? t("order.paying") : `${t("order.pay")} ${formatPrice(order.payableCents)}`}
          </button>
          <button type="button" className="secondary" disabled={paying} onClick={() => void act("cancel")}>{t("order.cancel")}</button>
        </div>
      ) : null}
    </section>
  );
}
