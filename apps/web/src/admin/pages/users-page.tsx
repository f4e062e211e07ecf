import { useState } from "react";
import { api, unwrap } from "../../api/api-client.js";
import { useI18n } from "../../i18n/i18n.js";
import { Link } from "../../shared/router.js";
import { useAsync } from "../../shared/use-async.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { useAdminT } from "../admin-messages.js";
import { DataTable } from "../data-table.js";
import { Pager } from "../pager.js";

const ROLES = ["admin", "editor", "viewer", "customer"] as const;
type Role = (typeof ROLES)[number];
const SIZE = 20;

/** Users, oldest first; with user:update each role is a select that saves on change (never your own, to avoid a lock-out). */
export function UsersPage({ canUpdate, canIssueCoupons, selfId }: { canUpdate: boolean; canIssueCoupons: boolean; selfId: string }) {
  const t = useAdminT();
  const { lang } = useI18n();
  const [page, setPage] = useState(1);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<unknown>();
  const users = useAsync(() => unwrap(api.GET("/api/v1/users", { params: { query: { page, size: SIZE } } })), [page]);

  const changeRole = async (id: string, role: Role) => {
    setMessage(undefined);
    setError(undefined);
    try {
      const u = await unwrap(api.PATCH("/api/v1/users/{id}", { params: { path: { id } }, body: { role } }));
      setMessage(t("users.roleChanged", { user: u.username, role: t(`role.${u.role}`) }));
    } catch (e) {
      setError(e);
    }
    // Either way the table shows what the server holds now.
    users.reload();
  };

  return (
    <section>
      <div className="toolbar"><h1>{t("menu.users")}</h1></div>
      {message ? <p className="notice notice-ok" role="status">{message}</p> : null}
      <ErrorNotice error={error ?? users.error} />
      {users.loading && !users.data ? <Loading /> : null}
      {users.data ? (
        <DataTable
          head={<><th scope="col">{t("users.username")}</th><th scope="col">{t("users.email")}</th><th scope="col">{t("users.since")}</th><th scope="col">{t("users.role")}</th>{canIssueCoupons ? <th scope="col">{t("col.actions")}</th> : null}</>}
        >
          {users.data.items.map((u) => (
            <tr key={u.id} data-testid={`user-${u.username}`}>
              <td>{u.username}{u.id === selfId ? <span className="muted small"> {t("users.self")}</span> : null}<div className="muted small mono">{u.id}</div></td>
              <td>{u.email}</td>
              <td>{new Date(u.createdAt).toLocaleDateString(lang)}</td>
              <td>
                {canUpdate && u.id !== selfId ? (
                  <select aria-label={t("users.roleFor", { user: u.username })} value={u.role} onChange={(e) => void changeRole(u.id, ROLES.find((r) => r === e.target.value) ?? u.role)}>
                    {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
                  </select>
                ) : (
                  <span className={`role role-${u.role}`}>{t(`role.${u.role}`)}</span>
                )}
              </td>
              {canIssueCoupons ? <td><Link href={`/admin/coupons?userId=${u.id}`}>{t("users.giveCoupon")}</Link></td> : null}
            </tr>
          ))}
        </DataTable>
      ) : null}
      <Pager page={page} size={SIZE} total={users.data?.total} onPage={setPage} />
    </section>
  );
}
