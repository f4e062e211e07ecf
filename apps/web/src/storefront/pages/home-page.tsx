import { api, unwrap } from "../../api/api-client.js";
import { useSession } from "../../api/use-session.js";
import { useI18n } from "../../i18n/i18n.js";
import { Link } from "../../shared/router.js";
import { useAsync } from "../../shared/use-async.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { BookGrid } from "../components/book-card.js";
import { categoryLabel, wordReason } from "../recommendation-reason.js";

export function HomePage() {
  const { t, lang } = useI18n();
  const session = useSession();
  const hot = useAsync(() => unwrap(api.GET("/api/v1/search/hot", { params: { query: { window: "24h" } } })), []);
  const categories = useAsync(() => unwrap(api.GET("/api/v1/categories")), []);
  // Personal recommendations need a signed-in user; visitors get the best sellers instead.
  const recs = useAsync(async () => {
    if (session) return unwrap(api.GET("/api/v1/recommendations", { params: { query: { limit: 12 } } }));
    const best = await unwrap(api.GET("/api/v1/search", { params: { query: { sort: "bestselling", size: 12 } } }));
    return { items: best.items.map((b) => ({ ...b, reason: "" })), strategy: "popular" as const };
  }, [session?.user.id]);
  const categoryName = (id: string) => {
    const name = categories.data?.items.find((c) => c.id === id)?.name;
    return name === undefined ? undefined : categoryLabel(name, lang);
  };
  const noteFor = (bookId: string) => {
    const rec = recs.data?.items.find((r) => r.id === bookId);
    return rec && "reasonCode" in rec ? wordReason(rec, t, categoryName) : undefined;
  };
  const newest = useAsync(() => unwrap(api.GET("/api/v1/search", { params: { query: { sort: "newest", size: 12 } } })), []);

  return (
    <>
      <section className="hero">
        <div>
          <h1>{t("home.hero.title")}</h1>
          <p>{t("home.hero.text")}</p>
        </div>
        {hot.data && hot.data.keywords.length > 0 ? (
          <div className="hot">
            <h2>{t("home.hot")}</h2>
            <ul className="chips">
              {hot.data.keywords.map((k) => (
                <li key={k.keyword}>
                  <Link href={`/search?q=${encodeURIComponent(k.keyword)}`} className="chip">{k.keyword}</Link>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <section className="shelf">
        <h2>{t("home.categories")}</h2>
        {categories.data ? (
          <ul className="chips categories">
            {categories.data.items.map((c) => (
              <li key={c.id}>
                <Link href={`/search?category=${c.id}`} className="chip chip-large">{c.name}</Link>
              </li>
            ))}
          </ul>
        ) : <ErrorNotice error={categories.error} />}
      </section>

      <section className="shelf">
        <h2>{recs.data?.strategy === "item_cf" ? t("home.forYou") : t("home.popular")}</h2>
        {recs.loading && !recs.data ? <Loading /> : null}
        <ErrorNotice error={recs.error} />
        {recs.data ? <BookGrid books={recs.data.items} notes={(b) => noteFor(b.id)} /> : null}
      </section>

      <section className="shelf">
        <h2>{t("home.newest")}</h2>
        <ErrorNotice error={newest.error} />
        {newest.data ? <BookGrid books={newest.data.items} /> : <Loading />}
      </section>
    </>
  );
}
