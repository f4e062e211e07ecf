import type { ClusterState } from "./cluster-state.js";
import { memberKey, type Member } from "./member.js";
import { isOurs } from "./processes.js";

export interface StatusRow {
  component: string;
  instance: string;
  pid: number | null;
  address: string;
  up: boolean;
  ready: boolean;
  /** Why it is not ready, when it is up but not ready. */
  detail: string;
}

/** Probes every member at once: up = its recorded process runs; ready = its own readiness check passes. */
export function statusRows(members: readonly Member[], state: ClusterState): Promise<StatusRow[]> {
  return Promise.all(
    members.map(async (m) => {
      const pid = state.processes[memberKey(m)]?.pid;
      const up = isOurs(pid, m.marker);
      const why = up ? await m.notReady().catch((e: unknown) => (e instanceof Error ? e.message : String(e))) : "down";
      return { component: m.component, instance: m.instance, pid: up ? (pid ?? null) : null, address: m.address, up, ready: why === undefined, detail: why ?? "" };
    }),
  );
}

export function renderStatusTable(rows: readonly StatusRow[]): string {
  const header = ["component", "instance", "pid", "address", "up", "ready"];
  const cells = rows.map((r) => [
    r.component, r.instance, r.pid === null ? "-" : String(r.pid), r.address, r.up ? "up" : "down",
    r.ready ? "ready" : r.up ? `no: ${r.detail.slice(0, 60)}` : "-",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}
