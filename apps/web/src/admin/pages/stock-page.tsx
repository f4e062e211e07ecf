import { useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/api-client.js";
import type { Book } from "../../api/types.js";
import { useI18n } from "../../i18n/i18n.js";
import { useAsync } from "../../shared/use-async.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { useAdminT } from "../admin-messages.js";

const SIZE = 20;

/** Stock counts: find a book, see available and reserved units, and set the counted available number. */
export function StockPage({ canWrite }: { canWrite: boolean }) {
  const t = useAdminT();
  const { t: tt } = useI18n();
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const [page, setPage] = useState(1);
  const books = useAsync(async (): Promise<{ items: Book[]; total: number }> => {
    const isbn = query.replace(/[-\s]/g, "");
    if (/^\d{9}[\dXx]$|^\d{13}$/.test(isbn)) return unwrap(api.GET("/api/v1/books", { params: { query: { isbn } } }));
    if (query) return unwrap(api.GET("/api/v1/search", { params: { query: { q: query, page, size: SIZE } } }));
    return unwrap(api.GET("/api/v1/books", { params: { query: { page, size: SIZE } } }));
  }, [query, page]);
  const search = (e: FormEvent) => {
    e.preventDefault();
    setPage(1);
    setQuery(q.trim());
  };
  const pages = Math.max(1, Math.ceil((books.data?.total ?? 0) / SIZE));
  return (
    <section>
      <div className="toolbar">
        <h1>{t("menu.stock")}</h1>
        <form role="search" onSubmit={search} className="inline-form">
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} aria-label={t("stock.search")} placeholder={t("stock.search")} />
          <button type="submit" className="secondary">{tt("nav.searchButton")}</button>
        </form>
      </div>
      <ErrorNotice error={books.error} />
      {books.loading && !books.data ? <Loading /> : null}
      {/* Focusable (as on every console table): at phone width it scrolls sideways, and a keyboard must reach it. */}
      {books.data ? (
        <table className="table" tabIndex={0}>
          <thead>
            <tr>
              <th scope="col">{t("books.title")}</th><th scope="col">ISBN</th><th scope="col" className="num">{t("stock.available")}</th>
              <th scope="col" className="num">{t("stock.reserved")}</th>{canWrite ? <th scope="col">{t("stock.set")}</th> : null}
            </tr>
          </thead>
          <tbody>{books.data.items.map((b) => <StockRow key={b.id} book={b} canWrite={canWrite} />)}</tbody>
        </table>
      ) : null}
      {pages > 1 ? (
        <nav className="pager" aria-label="pages">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>{tt("page.prev")}</button>
          <span>{page} / {pages}</span>
          <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>{tt("page.next")}</button>
        </nav>
      ) : null}
    </section>
  );
}

function StockRow({ book, canWrite }: { book: Pick<Book, "id" | "title" | "isbn">; canWrite: boolean }) {
  const t = useAdminT();
  const stock = useAsync(() => unwrap(api.GET("/api/v1/books/{id}/stock", { params: { path: { id: book.id } } })), [book.id]);
  const [count, setCount] = useState("");
  const [invalid, setInvalid] = useState(false);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<unknown>();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(undefined);
    setError(undefined);
    const available = /^\d{1,9}$/.test(count.trim()) ? Number(count.trim()) : undefined;
    setInvalid(available === undefined);
    if (available === undefined) return;
    try {
      const res = await unwrap(api.PUT("/api/v1/books/{id}/stock", { params: { path: { id: book.id } }, body: { available } }));
      setMessage(t("stock.saved", { title: book.title, n: res.available }));
      setCount("");
      stock.reload();
    } catch (err) {
      setError(err);
    }
  };
  const label = `${t("stock.newCount")}：${book.title}`;
  return (
    <tr data-testid={`stock-${book.isbn}`}>
      <td>{book.title}</td>
      <td className="mono">{book.isbn}</td>
      <td className="num" data-testid="available">{stock.data ? stock.data.available : "…"}</td>
      <td className="num">{stock.data ? stock.data.reserved : "…"}</td>
      {canWrite ? (
        <td>
          <form className="inline-form" onSubmit={(e) => void save(e)} noValidate>
            <input className="narrow" inputMode="numeric" value={count} aria-label={label} aria-invalid={invalid || undefined} onChange={(e) => setCount(e.target.value)} />
            <button type="submit" className="secondary">{t("stock.set")}</button>
          </form>
          {invalid ? <p className="field-message">{t("stock.invalid")}</p> : null}
          {message ? <p className="notice notice-ok small" role="status">{message}</p> : null}
          <ErrorNotice error={error ?? stock.error} />
        </td>
      ) : null}
    </tr>
  );
}
