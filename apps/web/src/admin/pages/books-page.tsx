import { useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/api-client.js";
import type { Book } from "../../api/types.js";
import { useI18n } from "../../i18n/i18n.js";
import { formatPrice } from "../../shared/money.js";
import { Link } from "../../shared/router.js";
import { useAsync } from "../../shared/use-async.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { useAdminT } from "../admin-messages.js";

const SIZE = 20;

/** Books with search (ISBN exactly, anything else through the search index), edit and soft delete. */
export function BooksPage({ canWrite }: { canWrite: boolean }) {
  const t = useAdminT();
  const { t: tt } = useI18n();
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const [page, setPage] = useState(1);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<unknown>();
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
  const remove = async (b: Book) => {
    if (!window.confirm(t("books.confirmDelete", { title: b.title }))) return;
    setError(undefined);
    try {
      await unwrap(api.DELETE("/api/v1/books/{id}", { params: { path: { id: b.id } } }));
      setMessage(t("books.deleted", { title: b.title }));
      books.reload();
    } catch (e) {
      setError(e);
    }
  };
  const pages = Math.max(1, Math.ceil((books.data?.total ?? 0) / SIZE));

  return (
    <section>
      <div className="toolbar">
        <h1>{t("menu.books")}</h1>
        <form role="search" onSubmit={search} className="inline-form">
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} aria-label={t("books.search")} placeholder={t("books.search")} />
          <button type="submit" className="secondary">{tt("nav.searchButton")}</button>
        </form>
        {canWrite ? <Link href="/admin/books/new" className="button primary">{t("books.new")}</Link> : null}
      </div>
      {message ? <p className="notice notice-ok" role="status">{message}</p> : null}
      <ErrorNotice error={error ?? books.error} />
      {books.loading && !books.data ? <Loading /> : null}
      {books.data ? (
        <table className="table">
          <thead>
            <tr><th scope="col">{t("books.title")}</th><th scope="col">ISBN</th><th scope="col">{t("books.publisher")}</th><th scope="col">{t("books.price")}</th>{canWrite ? <th scope="col">{t("col.actions")}</th> : null}</tr>
          </thead>
          <tbody>
            {books.data.items.map((b) => (
              <tr key={b.id}>
                <td><a href={`/books/${b.id}`}>{b.title}</a><div className="muted small">{b.authors.join(", ")}</div></td>
                <td className="mono">{b.isbn}</td>
                <td>{b.publisher}</td>
                <td className="num">{formatPrice(b.priceCents)}</td>
                {canWrite ? (
                  <td className="actions-cell">
                    <Link href={`/admin/books/${b.id}`}>{t("books.edit")}</Link>
                    <button type="button" className="link-button danger" onClick={() => void remove(b)}>{t("books.delete")}</button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
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
