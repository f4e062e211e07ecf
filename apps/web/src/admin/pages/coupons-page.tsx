import { useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/api-client.js";
import { fieldMessages } from "../../api/describe-error.js";
import { useI18n } from "../../i18n/i18n.js";
import { formatPrice } from "../../shared/money.js";
import { useLocation } from "../../shared/router.js";
import { useAsync } from "../../shared/use-async.js";
import { ErrorNotice } from "../../shared/notice.js";
import { TextField } from "../../shared/text-field.js";
import { useAdminT } from "../admin-messages.js";
import { DataTable } from "../data-table.js";
import { parseYuan } from "../money-input.js";
import { SelectField } from "../select-field.js";

interface Issued {
  id: string;
  user: string;
  discountCents: number;
  minOrderCents: number;
  expiresAt: string | null;
}

/**
 * Issue a coupon to one user. The API has no "all coupons" list for staff, so the page shows what was issued in
 * this session; with user:read the user is picked by name, otherwise typed as an id.
 */
export function CouponsPage({ canReadUsers }: { canReadUsers: boolean }) {
  const t = useAdminT();
  const { t: tt, lang } = useI18n();
  const { query } = useLocation();
  const users = useAsync(
    async () => (canReadUsers ? (await unwrap(api.GET("/api/v1/users", { params: { query: { size: 100 } } }))).items : []),
    [canReadUsers],
  );
  const [form, setForm] = useState({ userId: query.get("userId") ?? "", discount: "", minOrder: "", expires: "" });
  const [fields, setFields] = useState<Record<string, string>>({});
  const [issued, setIssued] = useState<Issued[]>([]);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<unknown>();
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });
  const nameOf = (id: string) => users.data?.find((u) => u.id === id)?.username ?? id;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(undefined);
    setError(undefined);
    const local: Record<string, string> = {};
    const discountCents = parseYuan(form.discount);
    const minOrderCents = form.minOrder.trim() ? parseYuan(form.minOrder) : 0;
    if (!form.userId.trim()) local["userId"] = t("coupons.userRequired");
    if (!discountCents) local["discountCents"] = t("coupons.amountInvalid");
    if (minOrderCents === undefined) local["minOrderCents"] = t("coupons.amountInvalid");
    setFields(local);
    if (Object.keys(local).length || !discountCents || minOrderCents === undefined) return;
    try {
      const c = await unwrap(
        api.POST("/api/v1/admin/coupons", {
          body: {
            userId: form.userId.trim(),
            discountCents,
            ...(minOrderCents ? { minOrderCents } : {}),
            // The end of the chosen day, local time: "valid until the 31st" includes the 31st.
            ...(form.expires ? { expiresAt: new Date(`${form.expires}T23:59:59`).toISOString() } : {}),
          },
        }),
      );
      const user = nameOf(c.userId);
      setIssued([{ id: c.id, user, discountCents: c.discountCents, minOrderCents: c.minOrderCents, expiresAt: c.expiresAt }, ...issued]);
      setMessage(t("coupons.issued", { user, amount: formatPrice(c.discountCents) }));
      setForm({ ...form, discount: "", minOrder: "" });
    } catch (err) {
      const f = fieldMessages(err, tt);
      if (Object.keys(f).length) setFields(f);
      else setError(err);
    }
  };

  return (
    <section>
      <div className="toolbar"><h1>{t("menu.coupons")}</h1></div>
      <div className="split form-first">
        <form className="panel side-form" onSubmit={(e) => void submit(e)} noValidate>
          <h2>{t("coupons.issue")}</h2>
          <p className="muted small">{t("coupons.help")}</p>
          {canReadUsers ? (
            <SelectField name="userId" label={t("coupons.user")} value={form.userId} onChange={set("userId")} error={fields["userId"]}>
              <option value="">{t("coupons.pickUser")}</option>
              {(users.data ?? []).map((u) => <option key={u.id} value={u.id}>{u.username} · {u.email}</option>)}
            </SelectField>
          ) : (
            <TextField name="userId" label={t("coupons.userId")} value={form.userId} error={fields["userId"]} onChange={set("userId")} />
          )}
          <TextField name="discount" label={t("coupons.discount")} value={form.discount} error={fields["discountCents"]} onChange={set("discount")} />
          <TextField name="minOrder" label={t("coupons.minOrder")} value={form.minOrder} error={fields["minOrderCents"]} onChange={set("minOrder")} />
          <TextField name="expires" type="date" label={t("coupons.expires")} value={form.expires} error={fields["expiresAt"]} onChange={set("expires")} />
          {message ? <p className="notice notice-ok" role="status">{message}</p> : null}
          <ErrorNotice error={error ?? users.error} />
          <button type="submit" className="primary">{t("coupons.issue")}</button>
        </form>
        {issued.length ? (
          <div>
            <h2>{t("coupons.recent")}</h2>
            <DataTable
              head={<><th scope="col">{t("coupons.user")}</th><th scope="col" className="num">{t("coupons.colDiscount")}</th><th scope="col" className="num">{t("coupons.colMinOrder")}</th><th scope="col">{t("coupons.colExpires")}</th></>}
            >
              {issued.map((c) => (
                <tr key={c.id}>
                  <td>{c.user}</td>
                  <td className="num">{formatPrice(c.discountCents)}</td>
                  <td className="num">{c.minOrderCents ? formatPrice(c.minOrderCents) : "—"}</td>
                  <td>{c.expiresAt ? new Date(c.expiresAt).toLocaleDateString(lang) : t("coupons.never")}</td>
                </tr>
              ))}
            </DataTable>
          </div>
        ) : null}
      </div>
    </section>
  );
}
