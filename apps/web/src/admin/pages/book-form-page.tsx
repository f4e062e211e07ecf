import { useEffect, useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/api-client.js";
import { describeError, fieldMessages } from "../../api/describe-error.js";
import { useI18n } from "../../i18n/i18n.js";
import { navigate } from "../../shared/router.js";
import { useAsync } from "../../shared/use-async.js";
import { Loading } from "../../shared/notice.js";
import { TextField } from "../../shared/text-field.js";
import { useAdminT } from "../admin-messages.js";
import { isValidIsbn } from "../isbn.js";
import { parseYuan } from "../money-input.js";

const EMPTY = { isbn: "", title: "", authors: "", publisher: "", language: "zh", categoryId: "", price: "", description: "", publishedAt: "" };
type Form = typeof EMPTY;

/** Create (no id) or edit a book; the ISBN check digit is verified before the API is asked. */
export function BookFormPage({ id }: { id?: string }) {
  const t = useAdminT();
  const { t: tt } = useI18n();
  const categories = useAsync(() => unwrap(api.GET("/api/v1/categories")), []);
  const [form, setForm] = useState<Form>(EMPTY);
  const [loaded, setLoaded] = useState(!id);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!id) return;
    unwrap(api.GET("/api/v1/books/{id}", { params: { path: { id } } })).then(
      (b) => {
        setForm({
          isbn: b.isbn, title: b.title, authors: b.authors.join(", "), publisher: b.publisher, language: b.language,
          categoryId: b.categoryId, price: (b.priceCents / 100).toFixed(2), description: b.description, publishedAt: b.publishedAt ?? "",
        });
        setLoaded(true);
      },
      (e: unknown) => setError(describeError(e, tt)),
    );
  }, [id, tt]);
  useEffect(() => {
    const first = categories.data?.items[0];
    if (!id && first) setForm((f) => (f.categoryId ? f : { ...f, categoryId: first.id }));
  }, [categories.data, id]);

  if (!loaded) return error ? <p className="notice notice-error" role="alert">{error}</p> : <Loading />;
  const set = (k: keyof Form) => (v: string) => setForm({ ...form, [k]: v });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setError(undefined);
    const local: Record<string, string> = {};
    if (!isValidIsbn(form.isbn)) local["isbn"] = t("books.isbnInvalid");
    const priceCents = parseYuan(form.price);
    if (priceCents === undefined) local["priceCents"] = t("books.priceInvalid");
    if (!form.title.trim()) local["title"] = tt("field.required");
    setFields(local);
    if (Object.keys(local).length || priceCents === undefined) return;
    const body = {
      isbn: form.isbn.trim(), title: form.title.trim(), authors: form.authors.split(/[,，]/).map((a) => a.trim()).filter(Boolean),
      publisher: form.publisher.trim(), language: form.language.trim(), categoryId: form.categoryId, priceCents,
      ...(form.publishedAt ? { publishedAt: form.publishedAt } : {}),
    };
    try {
      if (id) await unwrap(api.PATCH("/api/v1/books/{id}", { params: { path: { id } }, body }));
      else {
        const created = await unwrap(api.POST("/api/v1/books", { body: { ...body, ...(form.description ? { description: form.description } : {}) } }));
        navigate(`/admin/books/${created.id}`, { replace: true });
      }
      setSaved(true);
    } catch (err) {
      setFields(fieldMessages(err, tt));
      setError(describeError(err, tt));
    }
  };

  return (
    <section className="panel form-panel">
      <h1>{id ? `${t("books.edit")}: ${form.title}` : t("books.new")}</h1>
      <form onSubmit={(e) => void submit(e)} noValidate className="grid-form">
        <TextField name="isbn" label={t("books.isbn")} value={form.isbn} error={fields["isbn"]} onChange={set("isbn")} />
        <TextField name="title" label={t("books.title")} value={form.title} error={fields["title"]} onChange={set("title")} />
        <TextField name="authors" label={t("books.authors")} value={form.authors} error={fields["authors"]} onChange={set("authors")} />
        <TextField name="publisher" label={t("books.publisher")} value={form.publisher} error={fields["publisher"]} onChange={set("publisher")} />
        <TextField name="language" label={t("books.language")} value={form.language} error={fields["language"]} onChange={set("language")} />
        <div className="field">
          <label htmlFor="categoryId">{t("books.category")}</label>
          <select id="categoryId" value={form.categoryId} onChange={(e) => set("categoryId")(e.target.value)}>
            {categories.data?.items.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
        <TextField name="price" label={t("books.price")} value={form.price} error={fields["priceCents"]} onChange={set("price")} />
        <TextField name="publishedAt" type="date" label={t("books.publishedAt")} value={form.publishedAt} error={fields["publishedAt"]} onChange={set("publishedAt")} />
        {!id ? <TextField name="description" label={t("books.description")} value={form.description} error={fields["description"]} onChange={set("description")} /> : null}
        <div className="form-actions">
          {error ? <p className="notice notice-error" role="alert">{error}</p> : null}
          {saved ? <p className="notice notice-ok" role="status">{t("books.saved")}</p> : null}
          <button type="submit" className="primary">{t("books.save")}</button>
        </div>
      </form>
    </section>
  );
}
