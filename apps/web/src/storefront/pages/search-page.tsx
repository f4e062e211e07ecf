import { api, unwrap } from "../../api/api-client.js";
import type { SearchSort } from "../../api/types.js";
import { useI18n } from "../../i18n/i18n.js";
import { formatPrice } from "../../shared/money.js";
import { navigate, useLocation } from "../../shared/router.js";
import { useAsync } from "../../shared/use-async.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { BookGrid } from "../components/book-card.js";
import { languageName } from "../../shared/language-name.js";

const SORTS: readonly SearchSort[] = ["relevance", "newest", "bestselling", "price_asc", "price_desc"];
const PAGE_SIZE = 20;

/** Price facet values are bucket names like "2000-5000" or "10000+" (cents). */
function priceRange(bucket: string): { min?: number; max?: number } {
  const m = /^(\d+)(?:-(\d+)|\+)$/.exec(bucket);
  if (!m) return {};
  return { min: Number(m[1]), ...(m[2] ? { max: Number(m[2]) - 1 } : {}) };
}

function priceLabel(bucket: string): string {
  const { min, max } = priceRange(bucket);
  if (min === undefined) return bucket;
  return max === undefined ? `${formatPrice(min)}+` : `${formatPrice(min)} – ${formatPrice(max + 1)}`;
}

export function SearchPage() {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const q = query.get("q") ?? "";
  const category = query.get("category") ?? "";
  const price = query.get("price") ?? "";
  const language = query.get("language") ?? "";
  const inStock = query.get("inStock") === "true";
  const sortParam = query.get("sort");
  const sort: SearchSort = SORTS.find((s) => s === sortParam) ?? (q ? "relevance" : "newest");
  const page = Math.max(1, Number(query.get("page") ?? "1") || 1);

  const categories = useAsync(() => unwrap(api.GET("/api/v1/categories")), []);
  const result = useAsync(() => {
    const range = priceRange(price);
    return unwrap(
      api.GET("/api/v1/search", {
        params: {
          query: {
            ...(q ? { q } : {}),
            ...(category ? { category } : {}),
            ...(language ? { language } : {}),
            ...(range.min !== undefined ? { minPriceCents: range.min } : {}),
            ...(range.max !== undefined ? { maxPriceCents: range.max } : {}),
            ...(inStock ? { inStock: true } : {}),
            sort,
            page,
            size: PAGE_SIZE,
          },
        },
      }),
    );
  }, [q, category, price, language, inStock, sort, page]);

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(query);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== "page") next.delete("page");
    navigate(`/search?${next.toString()}`);
  };
  const categoryName = (id: string) => categories.data?.items.find((c) => c.id === id)?.name ?? id;
  const data = result.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <div className="search-layout">
      <aside className="facets" aria-label={t("search.title")}>
        {data ? (
          <>
            <FacetGroup title={t("facet.category")} values={data.facets.category} selected={category} label={categoryName} onPick={(v) => setParam("category", v)} />
            <FacetGroup title={t("facet.price")} values={data.facets.price} selected={price} label={priceLabel} onPick={(v) => setParam("price", v)} />
            <FacetGroup title={t("facet.language")} values={data.facets.language} selected={language} label={(v) => languageName(v, lang)} onPick={(v) => setParam("language", v)} />
          </>
        ) : null}
        <label className="check">
          <input type="checkbox" checked={inStock} onChange={(e) => setParam("inStock", e.target.checked ? "true" : undefined)} />
          {t("facet.inStock")}
        </label>
        {category || price || language || inStock ? (
          <button type="button" className="link-button" onClick={() => navigate(q ? `/search?q=${encodeURIComponent(q)}` : "/search")}>
            {t("facet.clear")}
          </button>
        ) : null}
      </aside>
      <section className="results">
        <div className="results-bar">
          <h1>{data ? (q ? t("search.resultsFor", { q, n: data.total }) : t("search.all", { n: data.total })) : t("search.title")}</h1>
          <label className="sort">
            {t("search.sort")}
            <select value={sort} onChange={(e) => setParam("sort", e.target.value)}>
              {SORTS.map((s) => <option key={s} value={s}>{t(`sort.${s}`)}</option>)}
            </select>
          </label>
        </div>
        <ErrorNotice error={result.error} />
        {result.loading && !data ? <Loading /> : null}
        {data && data.items.length === 0 ? <p className="empty">{t("search.none")}</p> : null}
        {data ? <BookGrid books={data.items} /> : null}
        {data && pages > 1 ? (
          <nav className="pager" aria-label="pages">
            <button type="button" disabled={page <= 1} onClick={() => setParam("page", String(page - 1))}>{t("page.prev")}</button>
            <span>{page} / {pages}</span>
            <button type="button" disabled={page >= pages} onClick={() => setParam("page", String(page + 1))}>{t("page.next")}</button>
          </nav>
        ) : null}
      </section>
    </div>
  );
}

function FacetGroup(props: {
  title: string;
  values: readonly { value: string; count: number }[];
  selected: string;
  label: (v: string) => string;
  onPick: (v: string | undefined) => void;
}) {
  if (!props.values.length) return null;
  return (
    <fieldset className="facet">
      <legend>{props.title}</legend>
      <ul>
        {props.values.map((f) => (
          <li key={f.value}>
            <button
              type="button"
              className={props.selected === f.value ? "facet-value selected" : "facet-value"}
              aria-pressed={props.selected === f.value}
              onClick={() => props.onPick(props.selected === f.value ? undefined : f.value)}
            >
              <span>{props.label(f.value)}</span> <span className="count">{f.count}</span>
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
