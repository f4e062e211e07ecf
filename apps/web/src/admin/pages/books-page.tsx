import { useState } from "react";
import { api, unwrap } from "../../api/api-client.js";
import type { Book } from "../../api/types.js";
import { formatPrice } from "../../shared/money.js";
import { Link } from "../../shared/router.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { useAdminT } from "../admin-messages.js";
import { BookSearchForm } from "../book-search-form.js";
import { DataTable } from "../data-table.js";
import { Pager } from "../pager.js";
import { useBookLookup } from "../use-book-lookup.js";

const SIZE = 20;

/** Books with search (ISBN exactly, anything else through the search index), edit and soft delete. */
export function BooksPage({ canWrite }: { canWrite: boolean }) {
  const t = useAdminT();
  const lookup = useBookLookup(SIZE);
  const { books } = lookup;
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<unknown>();

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

  return (
    <section>
      <div className="toolbar">
        <h1>{t("menu.books")}</h1>
        <BookSearchForm lookup={lookup} label={t("books.search")} />
        {canWrite ? <Link href="/admin/books/new" className="button primary">{t("books.new")}</Link> : null}
      </div>
      {message ? <p className="notice notice-ok" role="status">{message}</p> : null}
      <ErrorNotice error={error ?? books.error} />
      {books.loading && !books.data ? <Loading /> : null}
      {books.data ? (
        <DataTable
          head={<><th scope="col">{t("books.title")}</th><th scope="col">ISBN</th><th scope="col">{t("books.publisher")}</th><th scope="col">{t("books.price")}</th>{canWrite ? <th scope="col">{t("col.actions")}</th> : null}</>}
        >
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
        </DataTable>
      ) : null}
      <Pager page={lookup.page} size={SIZE} total={books.data?.total} onPage={lookup.setPage} />
    </section>
  );
}
