import { api, unwrap } from "../../api/api-client.js";
import { useI18n } from "../../i18n/i18n.js";
import { formatPrice } from "../../shared/money.js";
import { useAsync } from "../../shared/use-async.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { useAdminT } from "../admin-messages.js";

/**
 * The day at a glance, by UTC day as the order service counts it: orders placed and revenue (GET /admin/stats/sales),
 * cart abandonment (GET /admin/stats/carts), top search keywords and failed jobs.
 */
export function DashboardPage({ canReadOrders, canReadJobs }: { canReadOrders: boolean; canReadJobs: boolean }) {
  const t = useAdminT();
  const today = useAsync(() => (canReadOrders ? unwrap(api.GET("/api/v1/admin/stats/sales")) : Promise.resolve(undefined)), [canReadOrders]);
  const carts = useAsync(() => (canReadOrders ? unwrap(api.GET("/api/v1/admin/stats/carts")) : Promise.resolve(undefined)), [canReadOrders]);
  const jobs = useAsync(() => (canReadJobs ? unwrap(api.GET("/api/v1/admin/jobs")) : Promise.resolve(undefined)), [canReadJobs]);
  const failed = jobs.data?.queues.reduce((n, q) => n + q.failed, 0);
  const d = today.data;

  return (
    <section>
      <div className="toolbar"><h1>{t("menu.dashboard")}</h1></div>
      {canReadOrders ? (
        <>
          <ErrorNotice error={today.error ?? carts.error} />
          {today.loading && !d ? <Loading /> : null}
          {d ? (
            <div className="stats">
              <Stat testId="orders-today" label={t("dash.ordersToday")} value={String(d.ordersPlaced)} />
              <Stat
                testId="revenue-today"
                label={t("dash.revenueToday")}
                value={formatPrice(d.revenueCents)}
                detail={{ testId: "paid-count", text: t("dash.paidCount", { placed: d.ordersPlaced, paid: d.ordersPaid }) }}
                help={t("dash.revenueHelp")}
              />
              {carts.data ? (
                <Stat
                  testId="cart-abandonment"
                  label={t("dash.abandonment")}
                  value={carts.data.abandonmentRate === null ? "—" : `${Math.round(carts.data.abandonmentRate * 100)}%`}
                  detail={{ testId: "cart-counts", text: t("dash.abandonmentCounts", { started: carts.data.cartsStarted, converted: carts.data.cartsConverted }) }}
                  help={t("dash.abandonmentHelp")}
                />
              ) : null}
              {failed !== undefined ? <Stat testId="failed-jobs" label={t("dash.failedJobs")} value={String(failed)} tone={failed > 0 ? "danger" : undefined} /> : null}
            </div>
          ) : null}
        </>
      ) : (
        <p className="notice notice-info">{t("dash.noOrderAccess")}</p>
      )}
      <div className="split even">
        <HotKeywords window="1h" title={t("dash.hot1h")} />
        <HotKeywords window="24h" title={t("dash.hot24h")} />
      </div>
    </section>
  );
}

interface StatProps {
  label: string;
  value: string;
  help?: string;
  /** A line under the value (the counts behind a rate). */
  detail?: { testId: string; text: string };
  testId: string;
  tone?: "danger" | undefined;
}

function Stat({ label, value, help, detail, testId, tone }: StatProps) {
  return (
    <div className="panel stat">
      <h2 className="stat-label">{label}</h2>
      <p className={tone ? `stat-value ${tone}` : "stat-value"} data-testid={testId}>{value}</p>
      {detail ? <p className="small" data-testid={detail.testId}>{detail.text}</p> : null}
      {help ? <p className="muted small">{help}</p> : null}
    </div>
  );
}

function HotKeywords({ window, title }: { window: "1h" | "24h"; title: string }) {
  const t = useAdminT();
  const { lang } = useI18n();
  const hot = useAsync(() => unwrap(api.GET("/api/v1/search/hot", { params: { query: { window, limit: 10 } } })), [window]);
  const top = hot.data?.keywords[0]?.count ?? 1;
  return (
    <div className="panel">
      <h2>{t("dash.hot")} · {title}</h2>
      <ErrorNotice error={hot.error} />
      {hot.data && !hot.data.keywords.length ? <p className="empty">{t("dash.noSearches")}</p> : null}
      {hot.data?.keywords.length ? (
        <ol className="bars" data-testid={`hot-${window}`}>
          {hot.data.keywords.map((k) => (
            <li key={k.keyword}>
              <span className="bar-label">{k.keyword}</span>
              <span className="bar" aria-hidden="true"><span style={{ width: `${Math.max(4, Math.round((k.count / top) * 100))}%` }} /></span>
              <span className="num">{k.count.toLocaleString(lang)}</span>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
