import { api } from "../api/api-client.js";
import { loadSession, saveSession } from "../api/session.js";
import { useSession } from "../api/use-session.js";
import { useI18n } from "../i18n/i18n.js";
import { Link, navigate, useLocation } from "../shared/router.js";
import { useCart } from "./cart-context.js";
import { SearchBox } from "./components/search-box.js";

export function Header() {
  const { t, lang, setLang } = useI18n();
  const session = useSession();
  const { count } = useCart();
  const loc = useLocation();
  const logout = async () => {
    const s = loadSession();
    if (s) await api.POST("/api/v1/auth/logout", { body: { refreshToken: s.refreshToken } }).catch((e: unknown) => console.warn(e));
    saveSession(undefined);
    navigate("/");
  };
  const here = loc.path + (loc.query.size ? `?${loc.query.toString()}` : "");
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">{t("nav.skip")}</a>
      <div className="header-inner">
        <Link href="/" className="logo">
          <span className="logo-mark" aria-hidden="true">书</span>
          <span className="logo-text">{t("brand")}</span>
        </Link>
        <SearchBox initial={loc.path === "/search" ? (loc.query.get("q") ?? "") : ""} />
        <nav className="header-nav" aria-label="account">
          <Link href="/cart" className="cart-link" data-testid="cart-link">
            <CartIcon /> {t("nav.cart")}
            <span className="badge" data-testid="cart-count" aria-label={`${count}`}>{count}</span>
          </Link>
          {session ? (
            <>
              <Link href="/orders">{t("nav.orders")}</Link>
              <span className="user-name" title={session.user.email}>{session.user.username}</span>
              <button type="button" className="link-button" onClick={() => void logout()}>{t("nav.logout")}</button>
            </>
          ) : (
            <Link href={`/login?next=${encodeURIComponent(here)}`}>{t("nav.login")}</Link>
          )}
          <button type="button" className="link-button lang" onClick={() => setLang(lang === "en" ? "zh-CN" : "en")}>
            {t("nav.language")}
          </button>
        </nav>
      </div>
    </header>
  );
}

function CartIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M7 18a2 2 0 1 0 0 4 2 2 0 0 0 0-4Zm10 0a2 2 0 1 0 0 4 2 2 0 0 0 0-4ZM3 2h2.2l.9 2H21a1 1 0 0 1 .9 1.4l-3.6 7A2 2 0 0 1 16.5 14H8.1l-1.1 2H19v2H7a2 2 0 0 1-1.8-2.9L6.6 12 3.2 4H3V2Z" />
    </svg>
  );
}
