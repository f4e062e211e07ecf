import { useEffect, useState } from "react";
import { api, unwrap } from "../../api/api-client.js";
import type { Order } from "../../api/types.js";
import { useI18n } from "../../i18n/i18n.js";
import { formatPrice } from "../../shared/money.js";
import { Link } from "../../shared/router.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { watchOrders } from "../live-orders.js";
import { StatusBadge } from "./order-page.js";

export function OrdersPage() {
  const { t, lang } = useI18n();
  const [orders, setOrders] = useState<Order[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const load = () => unwrap(api.GET("/api/v1/orders", { params: { query: { size: 50 } } })).then((r) => setOrders(r.items), setError);
    void load();
    return watchOrders(() => void load());
  }, []);
  if (!orders) return error ? <ErrorNotice error={error} /> : <Loading />;
  return (
    <section className="panel">
      <h1>{t("orders.title")}</h1>
      {orders.length === 0 ? <p className="empty">{t("orders.empty")}</p> : null}
      <ul className="order-list">
        {orders.map((o) => (
          <li key={o.id}>
            <Link href={`/orders/${o.id}`} className="order-row">
              <span className="order-titles">{o.items.map((i) => i.title).join("、")}</span>
              <span className="muted">{new Date(o.createdAt).toLocaleString(lang)}</span>
              <span className="price">{formatPrice(o.payableCents)}</span>
              <StatusBadge status={o.status} />
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
