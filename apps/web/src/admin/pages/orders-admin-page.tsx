import { useState } from "react";
import { api, unwrap } from "../../api/api-client.js";
import type { OrderStatus } from "../../api/types.js";
import { useI18n } from "../../i18n/i18n.js";
import { formatPrice } from "../../shared/money.js";
import { useAsync } from "../../shared/use-async.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { useAdminT } from "../admin-messages.js";
import { DataTable } from "../data-table.js";

const STATUSES: readonly OrderStatus[] = ["pending_payment", "paid", "shipped", "completed", "cancelled", "refunded"];

export function OrdersAdminPage({ canShip }: { canShip: boolean }) {
  const t = useAdminT();
  const { t: tt, lang } = useI18n();
  const [status, setStatus] = useState<OrderStatus | "">("");
  const [error, setError] = useState<unknown>();
  const orders = useAsync(
    () => unwrap(api.GET("/api/v1/orders", { params: { query: { all: true, size: 50, ...(status ? { status } : {}) } } })),
    [status],
  );
  const ship = async (id: string) => {
    setError(undefined);
    try {
      await unwrap(api.POST("/api/v1/orders/{id}/ship", { params: { path: { id } } }));
      orders.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section>
      <div className="toolbar">
        <h1>{t("menu.orders")}</h1>
        <label className="inline-form">
          {t("orders.filter")}
          <select value={status} onChange={(e) => setStatus(STATUSES.find((s) => s === e.target.value) ?? "")}>
            <option value="">{t("orders.all")}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{tt(`status.${s}`)}</option>)}
          </select>
        </label>
      </div>
      <ErrorNotice error={error ?? orders.error} />
      {!orders.data ? (orders.error ? null : <Loading />) : (
        <DataTable
          head={<><th scope="col">{tt("order.number")}</th><th scope="col">{t("orders.user")}</th><th scope="col">{t("col.time")}</th><th scope="col">{t("col.total")}</th><th scope="col">{t("col.status")}</th>{canShip ? <th scope="col">{t("col.actions")}</th> : null}</>}
        >
          {orders.data.items.map((o) => (
            <tr key={o.id}>
              <td className="mono">{o.id}</td>
              <td className="mono">{o.userId}</td>
              <td>{new Date(o.createdAt).toLocaleString(lang)}</td>
              <td className="num">{formatPrice(o.payableCents)}</td>
              <td><span className={`status status-${o.status}`}>{tt(`status.${o.status}`)}</span></td>
              {canShip ? <td>{o.status === "paid" ? <button type="button" className="secondary" onClick={() => void ship(o.id)}>{t("orders.ship")}</button> : null}</td> : null}
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
