import { lazy, Suspense, useEffect, type ReactNode } from "react";
import { setAuthLostHandler } from "../api/api-client.js";
import { useSession } from "../api/use-session.js";
import { I18nProvider, useI18n } from "../i18n/i18n.js";
import { matchPath, navigate, useLocation } from "../shared/router.js";
import { Loading } from "../shared/notice.js";
import { CartProvider } from "./cart-context.js";
import { Header } from "./header.js";
import { HomePage } from "./pages/home-page.js";
import { SearchPage } from "./pages/search-page.js";
import { BookPage } from "./pages/book-page.js";
import { AuthPage } from "./pages/auth-page.js";

// Pages a visitor reaches only after signing in load on demand, keeping the first load small.
const CartPage = lazy(() => import("./pages/cart-page.js").then((m) => ({ default: m.CartPage })));
const CheckoutPage = lazy(() => import("./pages/checkout-page.js").then((m) => ({ default: m.CheckoutPage })));
const OrdersPage = lazy(() => import("./pages/orders-page.js").then((m) => ({ default: m.OrdersPage })));
const OrderPage = lazy(() => import("./pages/order-page.js").then((m) => ({ default: m.OrderPage })));

function here(): string {
  return encodeURIComponent(location.pathname + location.search);
}

// A refresh that fails means the session is over: login, then back to this page.
setAuthLostHandler(() => navigate(`/login?next=${here()}&reason=expired`, { replace: true }));

function SignedIn({ children }: { children: ReactNode }) {
  const session = useSession();
  useEffect(() => {
    if (!session) navigate(`/login?next=${here()}&reason=needLogin`, { replace: true });
  }, [session]);
  return session ? <Suspense fallback={<Loading />}>{children}</Suspense> : null;
}

function Routes() {
  const { path } = useLocation();
  let m: Record<string, string> | undefined;
  if (path === "/" || path === "") return <HomePage />;
  if (path === "/search") return <SearchPage />;
  if ((m = matchPath("/books/:id", path))) return <BookPage id={m["id"] ?? ""} key={m["id"]} />;
  if (path === "/login") return <AuthPage mode="login" />;
  if (path === "/register") return <AuthPage mode="register" />;
  if (path === "/cart") return <SignedIn><CartPage /></SignedIn>;
  if (path === "/checkout") return <SignedIn><CheckoutPage /></SignedIn>;
  if (path === "/orders") return <SignedIn><OrdersPage /></SignedIn>;
  if ((m = matchPath("/orders/:id", path))) return <SignedIn><OrderPage id={m["id"] ?? ""} /></SignedIn>;
  return <NotFound />;
}

function NotFound() {
  const { t } = useI18n();
  return <p className="notice notice-info">{t("error.NOT_FOUND")}</p>;
}

function Footer() {
  const { t } = useI18n();
  return <footer className="site-footer">{t("footer")}</footer>;
}

export function StorefrontApp() {
  return (
    <I18nProvider>
      <CartProvider>
        <Header />
        <main id="main" className="page">
          <Routes />
        </main>
        <Footer />
      </CartProvider>
    </I18nProvider>
  );
}
