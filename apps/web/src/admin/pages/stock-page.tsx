import { useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/api-client.js";
import type { Book } from "../../api/types.js";
import { useAsync } from "../../shared/use-async.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { useAdminT } from "../admin-messages.js";
import { BookSearchForm } from "../book-search-form.js";
import { DataTable } from "../data-table.js";
import { Pager } from "../pager.js";
import { useBookLookup } from "../use-book-lookup.js";

const SIZE = 20;

/** Stock counts: find a book, see available and reserved units, and set the counted available number. */
export function StockPage({ canWrite }: { canWrite: boolean }) {
  const t = useAdminT();
  const lookup = useBookLookup(SIZE);
  const { books } = lookup;
  return (
    <section>
      <div className="toolbar">
        <h1>{t("menu.stock")}</h1>
        <BookSearchForm lookup={lookup} label={t("stock.search")} />
      </div>
      <ErrorNotice error={books.error} />
      {books.loading && !books.data ? <Loading /> : null}
      {books.data ? (
        <DataTable
          head={
            <>
              <th scope="col">{t("books.title")}</th><th scope="col">ISBN</th><th scope="col" className="num">{t("stock.available")}</th>
              <th scope="col" className="num">{t("stock.reserved")}</th>{canWrite ? <th scope="col">{t("stock.set")}</th> : null}
            </>
          }
        >
          {books.data.items.map((b) => <StockRow key={b.id} book={b} canWrite={canWrite} />)}
        </DataTable>
      ) : null}
      <Pager page={lookup.page} size={SIZE} total={books.data?.total} onPage={lookup.setPage} />
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
