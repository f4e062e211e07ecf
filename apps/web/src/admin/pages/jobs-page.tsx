import { api, unwrap } from "../../api/api-client.js";
import { useAsync } from "../../shared/use-async.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { useAdminT } from "../admin-messages.js";

export function JobsPage() {
  const t = useAdminT();
  const jobs = useAsync(() => unwrap(api.GET("/api/v1/admin/jobs")), []);
  const cols = ["waiting", "active", "delayed", "failed", "completed"] as const;
  return (
    <section>
      <h1>{t("menu.jobs")}</h1>
      <ErrorNotice error={jobs.error} />
      {!jobs.data ? (jobs.error ? null : <Loading />) : (
        <table className="table">
          <thead><tr><th scope="col">{t("jobs.queue")}</th>{cols.map((c) => <th scope="col" key={c} className="num">{t(`jobs.${c}`)}</th>)}</tr></thead>
          <tbody>
            {jobs.data.queues.map((q) => (
              <tr key={q.name}><td className="mono">{q.name}</td>{cols.map((c) => <td key={c} className={c === "failed" && q[c] > 0 ? "num danger" : "num"}>{q[c]}</td>)}</tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
