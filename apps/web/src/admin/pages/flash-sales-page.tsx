import { useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/api-client.js";
import { fieldMessages } from "../../api/describe-error.js";
import { useI18n } from "../../i18n/i18n.js";
import { formatPrice } from "../../shared/money.js";
import { useAsync } from "../../shared/use-async.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { TextField } from "../../shared/text-field.js";
import { useAdminT } from "../admin-messages.js";
import { DataTable } from "../data-table.js";
import { isbnQuery } from "../isbn.js";
import { parseYuan, toLocalInput } from "../money-input.js";
import { Pager } from "../pager.js";

const SIZE = 20;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Flash sales, newest first, with a create form; the book is given by ISBN or id. */
export function FlashSalesPage({ canWrite }: { canWrite: boolean }) {
  const t = useAdminT();
  const { t: tt, lang } = useI18n();
  const [page, setPage] = useState(1);
  const sales = useAsync(() => unwrap(api.GET("/api/v1/flash-sales", { params: { query: { page, size: SIZE } } })), [page]);
  const [form, setForm] = useState(() => ({
    book: "",
    price: "",
    quantity: "100",
    startsAt: toLocalInput(new Date(Date.now() + HOUR)),
    endsAt: toLocalInput(new Date(Date.now() + 3 * HOUR)),
  }));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<unknown>();
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(undefined);
    setError(undefined);
    const local: Record<string, string> = {};
    const priceCents = parseYuan(form.price);
    const quantity = /^\d{1,6}$/.test(form.quantity.trim()) ? Number(form.quantity.trim()) : 0;
    const starts = new Date(form.startsAt);
    const ends = new Date(form.endsAt);
    if (!form.book.trim()) local["bookId"] = t("flash.bookRequired");
    if (!priceCents) local["priceCents"] = tt("field.invalid");
    if (quantity < 1 || quantity > 100_000) local["quantity"] = t("flash.quantityInvalid");
    if (Number.isNaN(starts.getTime())) local["startsAt"] = tt("field.invalid");
    if (Number.isNaN(ends.getTime()) || ends <= starts) local["endsAt"] = t("flash.timesInvalid");
    // The order service's rule, checked here too so the message is a sentence instead of a server field error.
    else if (starts.getTime() - Date.now() > 30 * DAY || ends.getTime() - starts.getTime() > 30 * DAY) local["endsAt"] = t("flash.tooLong");
    setFields(local);
    if (Object.keys(local).length || !priceCents) return;
    try {
      const book = await findBook(form.book.trim());
      if (!book) return setFields({ bookId: tt("error.NOT_FOUND") });
      const sale = await unwrap(
        api.POST("/api/v1/admin/flash-sales", { body: { bookId: book.id, priceCents, quantity, startsAt: starts.toISOString(), endsAt: ends.toISOString() } }),
      );
      setMessage(t("flash.created", { title: book.title, n: sale.quantity }));
      setPage(1);
      sales.reload();
    } catch (err) {
      const f = fieldMessages(err, tt);
      if (Object.keys(f).length) setFields(f);
      else setError(err);
    }
  };

  const state = (s: { startsAt: string; endsAt: string }) => {
    const now = Date.now();
    if (now < Date.parse(s.startsAt)) return "upcoming" as const;
    return now < Date.parse(s.endsAt) ? ("live" as const) : ("ended" as const);
  };
  const when = (iso: string) => new Date(iso).toLocaleString(lang, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

  return (
    <section>
      <div className="toolbar"><h1>{t("menu.flashSales")}</h1></div>
      <div className={canWrite ? "split" : undefined}>
        <div>
          <ErrorNotice error={sales.error} />
          {sales.loading && !sales.data ? <Loading /> : null}
          {sales.data ? (
            <DataTable
              head={<><th scope="col">{t("flash.book")}</th><th scope="col" className="num">{t("flash.priceShort")}</th><th scope="col" className="num">{t("flash.remaining")}</th><th scope="col">{t("flash.window")}</th><th scope="col">{t("col.status")}</th></>}
            >
              {sales.data.items.map((s) => (
                <tr key={s.id}>
                  <td><BookTitle id={s.bookId} /></td>
                  <td className="num">{formatPrice(s.priceCents)}</td>
                  <td className="num">{s.remaining} / {s.quantity}</td>
                  <td className="small">{when(s.startsAt)} – {when(s.endsAt)}</td>
                  <td><span className={`status sale-${state(s)}`}>{t(`flash.state.${state(s)}`)}</span></td>
                </tr>
              ))}
            </DataTable>
          ) : null}
          <Pager page={page} size={SIZE} total={sales.data?.total} onPage={setPage} />
        </div>
        {canWrite ? (
          <form className="panel side-form" onSubmit={(e) => void create(e)} noValidate>
            <h2>{t("flash.create")}</h2>
            <TextField name="book" label={t("flash.bookId")} value={form.book} error={fields["bookId"]} onChange={set("book")} />
            <TextField name="price" label={t("flash.price")} value={form.price} error={fields["priceCents"]} onChange={set("price")} />
            <TextField name="quantity" label={t("flash.quantity")} value={form.quantity} error={fields["quantity"]} onChange={set("quantity")} />
            <TextField name="startsAt" type="datetime-local" label={t("flash.startsAt")} value={form.startsAt} error={fields["startsAt"]} onChange={set("startsAt")} />
            <TextField name="endsAt" type="datetime-local" label={t("flash.endsAt")} value={form.endsAt} error={fields["endsAt"]} onChange={set("endsAt")} />
            {message ? <p className="notice notice-ok" role="status">{message}</p> : null}
            <ErrorNotice error={error} />
            <button type="submit" className="primary">{t("flash.create")}</button>
          </form>
        ) : null}
      </div>
    </section>
  );
}

/** An ISBN is looked up; anything else is taken as a book id. */
async function findBook(text: string): Promise<{ id: string; title: string } | undefined> {
  const isbn = isbnQuery(text);
  if (isbn) return (await unwrap(api.GET("/api/v1/books", { params: { query: { isbn } } }))).items[0];
  return unwrap(api.GET("/api/v1/books/{id}", { params: { path: { id: text } } }));
}

function BookTitle({ id }: { id: string }) {
  const book = useAsync(() => unwrap(api.GET("/api/v1/books/{id}", { params: { path: { id } } })), [id]);
  return book.data ? <a href={`/books/${id}`}>{book.data.title}</a> : <span className="mono">{id}</span>;
}
