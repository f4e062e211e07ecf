import { useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/api-client.js";
import { fieldMessages } from "../../api/describe-error.js";
import { useI18n } from "../../i18n/i18n.js";
import { useAsync } from "../../shared/use-async.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { TextField } from "../../shared/text-field.js";
import { useAdminT } from "../admin-messages.js";
import { DataTable } from "../data-table.js";
import { SelectField } from "../select-field.js";

/** Categories as a two-level list (parent, then its children), with a form to add one. */
export function CategoriesPage({ canWrite }: { canWrite: boolean }) {
  const t = useAdminT();
  const { t: tt } = useI18n();
  const categories = useAsync(() => unwrap(api.GET("/api/v1/categories")), []);
  const [name, setName] = useState("");
  const [parentId, setParentId] = useState("");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<unknown>();

  const items = categories.data?.items ?? [];
  const nameOf = new Map(items.map((c) => [c.id, c.name]));
  const childCount = (id: string) => items.filter((c) => c.parentId === id).length;
  // Parents first, each followed by its children, so the table reads as a tree.
  const ordered = items.filter((c) => !c.parentId || !nameOf.has(c.parentId)).flatMap((p) => [p, ...items.filter((c) => c.parentId === p.id)]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(undefined);
    setError(undefined);
    if (!name.trim()) return setFields({ name: t("categories.required") });
    setFields({});
    try {
      const c = await unwrap(api.POST("/api/v1/categories", { body: { name: name.trim(), ...(parentId ? { parentId } : {}) } }));
      setMessage(t("categories.created", { name: c.name }));
      setName("");
      categories.reload();
    } catch (err) {
      const f = fieldMessages(err, tt);
      if (Object.keys(f).length) setFields(f);
      else setError(err);
    }
  };

  return (
    <section>
      <div className="toolbar"><h1>{t("menu.categories")}</h1></div>
      <div className={canWrite ? "split" : undefined}>
        <div>
          <ErrorNotice error={categories.error} />
          {categories.loading && !categories.data ? <Loading /> : null}
          {categories.data ? (
            <DataTable head={<><th scope="col">{t("categories.name")}</th><th scope="col">{t("categories.parent")}</th><th scope="col">ID</th></>}>
              {ordered.map((c) => (
                <tr key={c.id}>
                  <td className={c.parentId ? "indent" : "strong"}>
                    {c.name}
                    {!c.parentId && childCount(c.id) ? <span className="muted small"> · {t("categories.children", { n: childCount(c.id) })}</span> : null}
                  </td>
                  <td>{c.parentId ? nameOf.get(c.parentId) ?? c.parentId : "—"}</td>
                  <td className="mono">{c.id}</td>
                </tr>
              ))}
            </DataTable>
          ) : null}
        </div>
        {canWrite ? (
          <form className="panel side-form" onSubmit={(e) => void create(e)} noValidate>
            <h2>{t("categories.create")}</h2>
            <TextField name="name" label={t("categories.name")} value={name} error={fields["name"]} onChange={setName} />
            <SelectField name="parentId" label={t("categories.parent")} value={parentId} onChange={setParentId} error={fields["parentId"]}>
              <option value="">{t("categories.none")}</option>
              {items.filter((c) => !c.parentId).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </SelectField>
            {message ? <p className="notice notice-ok" role="status">{message}</p> : null}
            <ErrorNotice error={error} />
            <button type="submit" className="primary">{t("categories.create")}</button>
          </form>
        ) : null}
      </div>
    </section>
  );
}
