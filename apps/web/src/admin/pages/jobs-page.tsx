import { useState, type FormEvent } from "react";
import { api, unwrap } from "../../api/api-client.js";
import { useAsync } from "../../shared/use-async.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { TextField } from "../../shared/text-field.js";
import { useAdminT } from "../admin-messages.js";
import { SelectField } from "../select-field.js";

export function JobsPage({ canRetry }: { canRetry: boolean }) {
  const t = useAdminT();
  const jobs = useAsync(() => unwrap(api.GET("/api/v1/admin/jobs")), []);
  const cols = ["waiting", "active", "delayed", "failed", "completed"] as const;
  const [queue, setQueue] = useState("");
  const [jobId, setJobId] = useState("");
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<unknown>();
  const queues = jobs.data?.queues ?? [];
  const chosen = queue || queues.find((q) => q.failed > 0)?.name || queues[0]?.name || "";

  // The API can retry a dead-lettered job by id but cannot list them yet, so the id is typed in.
  const retry = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(undefined);
    setError(undefined);
    if (!chosen || !jobId.trim()) return;
    try {
      const res = await unwrap(api.POST("/api/v1/admin/jobs/{queue}/failed/{jobId}/retry", { params: { path: { queue: chosen, jobId: jobId.trim() } } }));
      setMessage(t("jobs.retried", { job: res.jobId, queue: res.queue }));
      setJobId("");
      jobs.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section>
      <h1>{t("menu.jobs")}</h1>
      <ErrorNotice error={jobs.error} />
      {!jobs.data ? (jobs.error ? null : <Loading />) : (
        <table className="table">
          <thead><tr><th scope="col">{t("jobs.queue")}</th>{cols.map((c) => <th scope="col" key={c} className="num">{t(`jobs.${c}`)}</th>)}</tr></thead>
          <tbody>
            {queues.map((q) => (
              <tr key={q.name}><td className="mono">{q.name}</td>{cols.map((c) => <td key={c} className={c === "failed" && q[c] > 0 ? "num danger" : "num"}>{q[c]}</td>)}</tr>
            ))}
          </tbody>
        </table>
      )}
      {canRetry && queues.length ? (
        <form className="panel retry-form" onSubmit={(e) => void retry(e)} noValidate>
          <h2>{t("jobs.retryTitle")}</h2>
          <p className="muted small">{t("jobs.retryHelp")}</p>
          <div className="grid-form">
            <SelectField name="queue" label={t("jobs.queue")} value={chosen} onChange={setQueue}>
              {queues.map((q) => <option key={q.name} value={q.name}>{q.name} ({t("jobs.failed")} {q.failed})</option>)}
            </SelectField>
            <TextField name="jobId" label={t("jobs.jobId")} value={jobId} error={undefined} onChange={setJobId} />
          </div>
          {message ? <p className="notice notice-ok" role="status">{message}</p> : null}
          <ErrorNotice error={error} />
          <button type="submit" className="secondary" disabled={!jobId.trim()}>{t("jobs.retry")}</button>
        </form>
      ) : null}
    </section>
  );
}
