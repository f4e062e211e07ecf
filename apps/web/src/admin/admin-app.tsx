import { useEffect, useState, type FormEvent } from "react";
import { api, setAuthLostHandler, unwrap } from "../api/api-client.js";
import { ApiError } from "../api/api-error.js";
import { describeError } from "../api/describe-error.js";
import { loadSession, saveSession } from "../api/session.js";
import { useSession } from "../api/use-session.js";
import { I18nProvider, useI18n } from "../i18n/i18n.js";
import { Link, matchPath, navigate, useLocation } from "../shared/router.js";
import { TextField } from "../shared/text-field.js";
import { useAdminT } from "./admin-messages.js";
import { can, permissionsOf } from "./permissions.js";
import { BooksPage } from "./pages/books-page.js";
import { BookFormPage } from "./pages/book-form-page.js";
import { ListingsPage } from "./pages/listings-page.js";
import { OrdersAdminPage } from "./pages/orders-admin-page.js";
import { JobsPage } from "./pages/jobs-page.js";
import { DashboardPage } from "./pages/dashboard-page.js";
import { StockPage } from "./pages/stock-page.js";
import { CategoriesPage } from "./pages/categories-page.js";
import { CouponsPage } from "./pages/coupons-page.js";
import { UsersPage } from "./pages/users-page.js";
import { FlashSalesPage } from "./pages/flash-sales-page.js";

setAuthLostHandler(() => navigate(`/admin/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true }));

// The first entry a role may see is its landing page; books stay first as the daily work, the dashboard is a glance.
const MENU = [
  { path: "/admin/books", key: "menu.books", perm: "book:read" },
  { path: "/admin/dashboard", key: "menu.dashboard", perm: "staff" },
  { path: "/admin/stock", key: "menu.stock", perm: "inventory:read" },
  { path: "/admin/categories", key: "menu.categories", perm: "category:read" },
  { path: "/admin/listings", key: "menu.listings", perm: "listing:write" },
  { path: "/admin/orders", key: "menu.orders", perm: "order:read" },
  // No staff read of coupons exists: the page only issues them.
  { path: "/admin/coupons", key: "menu.coupons", perm: "coupon:write" },
  { path: "/admin/flash-sales", key: "menu.flashSales", perm: "flashsale:read" },
  { path: "/admin/users", key: "menu.users", perm: "user:read" },
  { path: "/admin/jobs", key: "menu.jobs", perm: "job:read" },
] as const;

export function AdminApp() {
  return (
    <I18nProvider>
      <Console />
    </I18nProvider>
  );
}

function Console() {
  const t = useAdminT();
  const { t: tt, lang, setLang } = useI18n();
  const session = useSession();
  const { path } = useLocation();
  useEffect(() => {
    document.title = t("title");
  }, [t]);
  if (!session || session.user.role === "customer" || path === "/admin/login") return <AdminLogin />;
  const perms = permissionsOf(session.accessToken);
  // Editors have no "book:read" grant by name but may write books, so reading follows.
  const allowed = (perm: string) => perm === "staff" || can(perms, perm) || can(perms, perm.replace(/:read$/, ":write"));
  const menu = MENU.filter((m) => allowed(m.perm));
  const readOnly = !perms.some((p) => p === "*" || !p.endsWith(":read"));

  let m: Record<string, string> | undefined;
  let page;
  if (path === "/admin" || path === "/admin/") page = <Redirect to={menu[0]?.path ?? "/admin/books"} />;
  else if (path === "/admin/books") page = <BooksPage canWrite={can(perms, "book:write")} />;
  else if (path === "/admin/books/new") page = <BookFormPage />;
  else if ((m = matchPath("/admin/books/:id", path))) page = <BookFormPage id={m["id"] ?? ""} key={m["id"]} />;
  else if (path === "/admin/listings") page = <ListingsPage />;
  else if (path === "/admin/orders") page = <OrdersAdminPage canShip={can(perms, "order:write")} />;
  else if (path === "/admin/jobs") page = <JobsPage canRetry={can(perms, "job:write")} />;
  else if (path === "/admin/dashboard") page = <DashboardPage canReadOrders={can(perms, "order:read")} canReadJobs={can(perms, "job:read")} />;
  else if (path === "/admin/stock") page = <StockPage canWrite={can(perms, "inventory:write")} />;
  else if (path === "/admin/categories") page = <CategoriesPage canWrite={can(perms, "category:write")} />;
  else if (path === "/admin/coupons") page = <CouponsPage canReadUsers={can(perms, "user:read")} />;
  else if (path === "/admin/flash-sales") page = <FlashSalesPage canWrite={can(perms, "flashsale:write")} />;
  else if (path === "/admin/users") page = <UsersPage canUpdate={can(perms, "user:update")} canIssueCoupons={can(perms, "coupon:write")} selfId={session.user.id} />;
  else page = <p className="notice notice-info">{tt("error.NOT_FOUND")}</p>;

  const logout = () => {
    const s = loadSession();
    if (s) void api.POST("/api/v1/auth/logout", { body: { refreshToken: s.refreshToken } }).catch((e: unknown) => console.warn(e));
    saveSession(undefined);
  };

  return (
    <div className="console">
      <a className="skip-link" href="#main">{tt("nav.skip")}</a>
      <header className="console-header">
        <span className="logo"><span className="logo-mark" aria-hidden="true">书</span> {t("title")}</span>
        <span className="muted" data-testid="admin-user">{session.user.username} · {t("role")}: {session.user.role}</span>
        <a href="/">{t("storefront")}</a>
        <button type="button" className="link-button" onClick={() => setLang(lang === "en" ? "zh-CN" : "en")}>{tt("nav.language")}</button>
        <button type="button" className="link-button" onClick={logout}>{tt("nav.logout")}</button>
      </header>
      <nav className="console-menu" aria-label="menu">
        <ul>
          {menu.map((item) => (
            <li key={item.path}>
              <Link href={item.path} aria-current={path.startsWith(item.path) ? "page" : undefined}>{t(item.key)}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="console-main">
        {readOnly ? <p className="notice notice-info" role="status">{t("readOnly")}</p> : null}
        {page}
      </main>
    </div>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function AdminLogin() {
  const t = useAdminT();
  const { t: tt } = useI18n();
  const { query } = useLocation();
  const [form, setForm] = useState({ username: "", password: "" });
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const res = await unwrap(api.POST("/api/v1/auth/login", { body: form }));
      if (res.user.role === "customer") return setError(t("login.noAccess"));
      saveSession({ accessToken: res.accessToken, refreshToken: res.refreshToken, user: res.user });
      const next = query.get("next");
      navigate(next && next.startsWith("/admin") ? next : "/admin", { replace: true });
    } catch (err) {
      setError(err instanceof ApiError && err.code === "UNAUTHENTICATED" ? tt("error.badLogin") : describeError(err, tt));
    }
  };
  return (
    <main id="main" className="console-login panel">
      <h1>{t("login.title")}</h1>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField name="username" label={tt("auth.username")} value={form.username} error={undefined} onChange={(v) => setForm({ ...form, username: v })} autoComplete="username" />
        <TextField name="password" type="password" label={tt("auth.password")} value={form.password} error={undefined} onChange={(v) => setForm({ ...form, password: v })} autoComplete="current-password" />
        {error ? <p className="notice notice-error" role="alert">{error}</p> : null}
        <button type="submit" className="primary wide">{tt("auth.submitLogin")}</button>
      </form>
    </main>
  );
}
