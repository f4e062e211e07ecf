import { useEffect, useState, type ChangeEvent } from "react";
import { api, unwrap } from "../../api/api-client.js";
import { ErrorNotice } from "../../shared/notice.js";
import { useAdminT } from "../admin-messages.js";
import { DataTable } from "../data-table.js";

interface Row {
  isbn: string;
  stock: number;
  priority: "high" | "normal";
}
interface Task {
  taskId: string;
  isbn: string;
  status: "queued" | "running" | "done" | "failed";
  reason?: string;
}

/** isbn,stock[,priority] per line; a header line and blank lines are skipped. Returns rows and bad line numbers. */
export function parseListingCsv(text: string): { rows: Row[]; bad: { line: number; text: string }[] } {
  const rows: Row[] = [];
  const bad: { line: number; text: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || (i === 0 && /isbn/i.test(line))) return;
    const [isbn = "", stock = "", priority = "normal"] = line.split(",").map((c) => c.trim());
    if (!/^[\d-]{10,17}X?$/i.test(isbn) || !/^\d{1,7}$/.test(stock) || (priority !== "high" && priority !== "normal")) {
      bad.push({ line: i + 1, text: line });
      return;
    }
    rows.push({ isbn, stock: Number(stock), priority });
  });
  return { rows, bad };
}

const POLL_MS = 1000;

/** Bulk listing: upload a CSV, then watch every task the listing engine took until it is done or failed. */
export function ListingsPage() {
  const t = useAdminT();
  const [parsed, setParsed] = useState<ReturnType<typeof parseListingCsv>>();
  const [tasks, setTasks] = useState<Task[]>([]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const pending = tasks.some((task) => task.status === "queued" || task.status === "running");
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => {
      void Promise.all(
        tasks.map((task) =>
          task.status === "done" || task.status === "failed"
            ? task
            : unwrap(api.GET("/api/v1/listings/{taskId}", { params: { path: { taskId: task.taskId } } })).then(
                (r): Task => ({ taskId: r.taskId, isbn: r.isbn, status: r.status, ...(r.reason ? { reason: r.reason } : {}) }),
                () => task, // a failed poll is retried on the next tick
              ),
        ),
      ).then(setTasks);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [pending, tasks]);

  const read = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    setTasks([]);
    setParsed(file ? parseListingCsv(await file.text()) : undefined);
  };
  const submit = async () => {
    if (!parsed?.rows.length) return;
    setBusy(true);
    setError(undefined);
    try {
      const res = await unwrap(api.POST("/api/v1/listings", { body: { items: parsed.rows } }));
      setTasks(res.tasks.map((task) => ({ ...task, status: "queued" })));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const done = tasks.filter((task) => task.status === "done").length;
  const failed = tasks.filter((task) => task.status === "failed").length;

  return (
    <section>
      <h1>{t("menu.listings")}</h1>
      <p className="muted">{t("listings.help")}</p>
      <div className="panel upload">
        <label htmlFor="csv">{t("listings.file")}</label>
        <input id="csv" type="file" accept=".csv,text/csv" onChange={(e) => void read(e)} />
        {parsed ? <p data-testid="parsed">{t("listings.parsed", { n: parsed.rows.length })}</p> : null}
        {parsed?.bad.map((b) => <p key={b.line} className="notice notice-error">{t("listings.badLine", { line: b.line, text: b.text })}</p>)}
        <button type="button" className="primary" disabled={busy || !parsed?.rows.length || parsed.bad.length > 0} onClick={() => void submit()}>
          {t("listings.submit")}
        </button>
        <ErrorNotice error={error} />
      </div>
      {tasks.length ? (
        <>
          <p role="status" data-testid="listing-progress">{t("listings.progress", { done, total: tasks.length, failed })}</p>
          <progress max={tasks.length} value={done + failed} aria-label={t("listings.progress", { done, total: tasks.length, failed })} />
          <DataTable head={<><th scope="col">ISBN</th><th scope="col">{t("col.status")}</th></>}>
            {tasks.map((task) => (
              <tr key={task.taskId}>
                <td className="mono">{task.isbn}</td>
                <td><span className={`task task-${task.status}`}>{t(`listings.status.${task.status}`)}</span>{task.reason ? <span className="muted"> · {task.reason}</span> : null}</td>
              </tr>
            ))}
          </DataTable>
        </>
      ) : null}
    </section>
  );
}
