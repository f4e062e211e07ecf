import { useState } from "react";
import { api, unwrap } from "../../api/api-client.js";
import { useI18n } from "../../i18n/i18n.js";
import { useAsync } from "../../shared/use-async.js";
import { ErrorNotice, Loading } from "../../shared/notice.js";
import { useAdminT } from "../admin-messages.js";
import { DataTable } from "../data-table.js";
import { Pager } from "../pager.js";
import { SelectField } from "../select-field.js";

const PAGE = 20;

/** Queue counts, then the chosen queue's dead-lettered jobs (newest first) with a retry button per row. */
export function JobsPage({ canRetry }: { canRetry: boolean }) {
  const t = useAdminT();
  const { lang } = useI18n();
  const jobs = useAsync(() => unwrap(api.GET("/api/v1/admin/jobs")), []);
  const cols = ["waiting", "active", "delayed", "failed", "completed"] as const;
  const [queue, setQueue] = useState("");
  const [page, setPage] = useState(1);
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<unknown>();
  const queues = jobs.data?.queues ?? [];
  const chosen = queue || queues.find((q) => q.failed > 0)?.name || queues[0]?.name || "";
  const failed = useAsync(
    () => (chosen
      ? unwrap(api.GET("/api/v1/admin/jobs/{queue}/failed", { params: { path: { queue: chosen }, query: { page, size: PAGE } } }))
      : Promise.resolve(undefined)),
    [chosen, page],
  );

  const choose = (name: string) => {
    setQueue(name);
    setPage(1);
    setMessage(undefined);
    setError(undefined);
  };

  const retry = async (jobId: string) => {
    setMessage(undefined);
    setError(undefined);
    try {
      const res = await unwrap(api.POST("/api/v1/admin/jobs/{queue}/failed/{jobId}/retry", { params: { path: { queue: chosen, jobId } } }));
      setMessage(t("jobs.retried", { job: res.jobId, queue: res.queue }));
    } catch (err) {
      setError(err);
    }
    // Either way the list has moved on (retried here, or by someone else first).
    failed.reload();
    jobs.reload();
  };

  return (
    <section>
      <h1>{t("menu.jobs")}</h1>
      <ErrorNotice error={jobs.error} />
      {!jobs.data ? (jobs.error ? null : <Loading />) : (
        <DataTable head={<><th scope="col">{t("jobs.queue")}</th>{cols.map((c) => <th scope="col" key={c} className="num">{t(`jobs.${c}`)}</th>)}</>}>
          {queues.map((q) => (
            <tr key={q.name}><td className="mono">{q.name}</td>{cols.map((c) => <td key={c} className={c === "failed" && q[c] > 0 ? "num danger" : "num"}>{q[c]}</td>)}</tr>
          ))}
        </DataTable>
      )}
      {queues.length ? (
        <div className="panel failed-jobs-panel">
          <h2>{t("jobs.failedTitle")}</h2>
          <p className="muted small">{t("jobs.failedHelp")}</p>
          <div className="grid-form">
            <SelectField name="queue" label={t("jobs.queue")} value={chosen} onChange={choose}>
              {queues.map((q) => <option key={q.name} value={q.name}>{q.name} ({t("jobs.failed")} {q.failed})</option>)}
            </SelectField>
          </div>
          {message ? <p className="notice notice-ok" role="status">{message}</p> : null}
          <ErrorNotice error={error ?? failed.error} />
          {failed.loading && !failed.data ? <Loading /> : null}
          {/* By the total: a later page emptied by a retry is not "no failed jobs", the Pager steps back from it. */}
          {failed.data && !failed.data.total ? <p className="empty">{t("jobs.noFailed")}</p> : null}
          {failed.data?.items.length ? (
            <DataTable
              testId="failed-jobs"
              head={
                <>
                  <th scope="col">{t("jobs.jobId")}</th><th scope="col">{t("jobs.name")}</th><th scope="col" className="num">{t("jobs.attempts")}</th>
                  <th scope="col">{t("jobs.reason")}</th><th scope="col">{t("jobs.failedAt")}</th>{canRetry ? <th scope="col">{t("col.actions")}</th> : null}
                </>
              }
            >
              {failed.data.items.map((j) => (
                <tr key={j.id} data-testid={`failed-job-${j.id}`}>
                  <td className="mono">{j.id}</td>
                  <td className="mono">{j.name}</td>
                  <td className="num">{j.attemptsMade}</td>
                  <td className="small">{j.failedReason}</td>
                  <td>{new Date(j.failedAt).toLocaleString(lang)}</td>
                  {canRetry ? (
                    <td>
                      <button type="button" className="secondary nowrap" aria-label={t("jobs.retryJob", { job: j.id })} onClick={() => void retry(j.id)}>
                        {t("jobs.retry")}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </DataTable>
          ) : null}
          <Pager page={page} size={PAGE} total={failed.data?.total} onPage={setPage} />
        </div>
      ) : null}
    </section>
  );
}
