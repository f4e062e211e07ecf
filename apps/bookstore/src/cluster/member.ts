/** One process of the cluster: how to start it, how to recognise it, how to tell it is ready. */
export interface Member {
  /** "mariadb", "redis", "etcd", a service name, "gateway", "nginx". */
  component: string;
  /** "primary" / "replica", or 1, 2, … */
  instance: string;
  address: string;
  /** A string in its command line that no other process has (its data dir, config file, port). */
  marker: string;
  /** Starts it detached; answers the pid. */
  start(): Promise<number>;
  /** For one that already runs: applies changed settings (answers what it did, or undefined if nothing changed). */
  refresh?(pid: number): Promise<string | undefined>;
  /** undefined when ready; otherwise why not (probed fresh each time). */
  notReady(): Promise<string | undefined>;
}

export const memberKey = (m: Pick<Member, "component" | "instance">): string => `${m.component}/${m.instance}`;

/** Polls until `check` answers undefined, or throws with its last answer after `timeoutMs`. */
export async function waitUntil(what: string, check: () => Promise<string | undefined>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined = "not probed";
  while (Date.now() < deadline) {
    last = await check().catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
    if (last === undefined) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} not ready after ${Math.round(timeoutMs / 1000)} s: ${last}`);
}
