import { spawn, type ChildProcess } from "node:child_process";
import net, { type AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Etcd3 } from "etcd3";
import { Registry } from "prom-client";
import { discoveryMetrics, runAsEtcdLeader, type LeaderTask } from "@bookstore/platform/discovery";
import { createLogger } from "@bookstore/platform/logger";
import { eventually, hasEtcd, servicesRequired, startEtcd, type TestEtcd } from "@bookstore/platform/testing";

const TTL_SECONDS = 2;
const FIXTURE = join(import.meta.dirname, "../../packages/platform/src/discovery/leader-child.fixture.ts");

/** A contender with its own etcd client, recording when its work runs. */
interface Contender {
  id: string;
  client: Etcd3;
  task: LeaderTask;
  registry: Registry;
}

describe.runIf(hasEtcd() || servicesRequired)("leader election on etcd", () => {
  let etcd: TestEtcd;
  beforeAll(async () => {
    etcd = await startEtcd();
  }, 60_000);
  afterAll(() => etcd?.stop());

  it("in-process contenders: one leads; a partitioned leader steps down before another is elected within the TTL", async () => {
    const logger = createLogger({ level: "silent", name: "test" });
    let running = 0;
    let maxRunning = 0;
    const elected: { id: string; at: number }[] = [];
    const stoppedAt = new Map<string, number>();
    const proxy = await tcpProxy(etcd.port);
    const contender = (id: string, url: string): Contender => {
      const client = new Etcd3({ hosts: url });
      const registry = new Registry();
      const task = runAsEtcdLeader("in-process", async (signal) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        elected.push({ id, at: Date.now() });
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
        stoppedAt.set(id, Date.now());
        running--;
      }, { client, prefix: "/leader-test/elections/", instanceId: id, ttlSeconds: TTL_SECONDS, logger, gauge: discoveryMetrics(registry).leader });
      return { id, client, task, registry };
    };
    const admin = new Etcd3({ hosts: etcd.url });
    // "a" reaches etcd through a proxy the test can cut; it starts first, so it leads.
    const a = contender("a", proxy.url);
    const all = [a];
    try {
      await eventually(() => expect(a.task.isLeader()).toBe(true), { timeoutMs: 10_000 });
      all.push(contender("b", etcd.url), contender("c", etcd.url));
      await eventually(async () => expect(Object.keys(await admin.getAll().prefix("/leader-test/elections/in-process/").keys())).toHaveLength(3), { timeoutMs: 10_000 });
      expect(all.filter((c) => c.task.isLeader())).toEqual([a]);
      const gauge = async (c: Contender) => (await c.registry.getSingleMetric("leader")?.get())?.values[0]?.value;
      expect(await gauge(a)).toBe(1);
      expect(await gauge(all[1] as Contender)).toBe(0);

      // Partition: the leader can no longer renew its lease, and is never told. etcd expires the lease after the TTL.
      const cutAt = Date.now();
      proxy.cut();
      const second = await eventually(() => {
        const next = all.find((c) => c !== a && c.task.isLeader());
        if (!next) throw new Error("no new leader yet");
        return next;
      }, { timeoutMs: TTL_SECONDS * 1000 + 5_000, intervalMs: 20 });
      const failoverMs = (elected.at(-1)?.at ?? 0) - cutAt;
      console.info(`leader election: failover after a partitioned leader took ${failoverMs} ms (TTL ${TTL_SECONDS * 1000} ms)`);
      expect(failoverMs).toBeLessThan(TTL_SECONDS * 1000 + 1_500);
      // The old leader fenced itself (no renewal for most of the TTL) before the new one started.
      expect(a.task.isLeader()).toBe(false);
      expect(stoppedAt.get("a") ?? Infinity).toBeLessThanOrEqual(elected.at(-1)?.at ?? 0);
      expect(maxRunning).toBe(1);
      expect(all.filter((c) => c.task.isLeader())).toEqual([second]);

      // A graceful stop resigns: the last contender takes over at once, not after the TTL.
      const third = all.find((c) => c !== a && c !== second) as Contender;
      const resignAt = Date.now();
      await second.task.stop();
      await eventually(() => expect(third.task.isLeader()).toBe(true), { timeoutMs: 5_000, intervalMs: 10 });
      expect(Date.now() - resignAt).toBeLessThan(1_000);

      // Leadership taken away without notice (its lease revoked by someone else): the work's signal fires.
      // (Which of b and c is left depends on who won the partition failover.)
      const [key] = (await admin.getAll().prefix("/leader-test/elections/in-process/").exec()).kvs.filter((kv) => kv.value.toString() === third.id);
      if (!key) throw new Error(`${third.id} has no election key`);
      await admin.leaseClient.leaseRevoke({ ID: key.lease });
      await eventually(() => expect(stoppedAt.has(third.id)).toBe(true), { timeoutMs: TTL_SECONDS * 1000 + 2_000, intervalMs: 20 });
      expect(maxRunning).toBe(1);
    } finally {
      proxy.cut();
      for (const c of all) {
        await c.task.stop();
        c.client.close();
      }
      admin.close();
    }
  }, 60_000);

  it("three processes: SIGKILL of the leader elects another within the TTL", async () => {
    const lines: { pid: number; what: string; at: number }[] = [];
    const children: ChildProcess[] = [];
    const start = () => {
      const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, etcd.url, "processes", String(TTL_SECONDS), "/leader-proc/"], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let buf = "";
      child.stdout?.on("data", (d: Buffer) => {
        buf += d.toString();
        for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
          const [what = "", pid = ""] = buf.slice(0, nl).split(" ");
          lines.push({ pid: Number(pid), what, at: Date.now() });
          buf = buf.slice(nl + 1);
        }
      });
      children.push(child);
      return child;
    };
    const leading = () => {
      const state = new Map<number, boolean>();
      for (const l of lines) if (l.what === "elected" || l.what === "stepped-down") state.set(l.pid, l.what === "elected");
      return [...state].filter(([, on]) => on).map(([pid]) => pid);
    };
    try {
      for (let i = 0; i < 3; i++) start();
      await eventually(() => expect(lines.filter((l) => l.what === "campaigning")).toHaveLength(3), { timeoutMs: 30_000, intervalMs: 50 });
      await eventually(() => expect(leading()).toHaveLength(1), { timeoutMs: 10_000, intervalMs: 20 });
      const leaderPid = leading()[0];
      const leader = children.find((c) => c.pid === leaderPid);
      if (!leader) throw new Error("leader process not found");
      const killedAt = Date.now();
      leader.kill("SIGKILL");
      const next = await eventually(() => {
        const l = lines.find((x) => x.what === "elected" && x.pid !== leaderPid && x.at >= killedAt);
        if (!l) throw new Error("no new leader yet");
        return l;
      }, { timeoutMs: TTL_SECONDS * 1000 + 5_000, intervalMs: 20 });
      console.info(`leader election: a new leader process ${next.at - killedAt} ms after SIGKILL (TTL ${TTL_SECONDS * 1000} ms)`);
      expect(next.at - killedAt).toBeLessThan(TTL_SECONDS * 1000 + 1_500);
      // Exactly one of the survivors leads.
      const survivors = leading().filter((pid) => pid !== leaderPid);
      expect(survivors).toEqual([next.pid]);
    } finally {
      await Promise.all(children.map((c) => new Promise<void>((resolve) => {
        if (c.exitCode !== null || c.signalCode !== null) return resolve();
        c.once("exit", () => resolve());
        c.kill("SIGTERM");
        setTimeout(() => c.kill("SIGKILL"), 5_000).unref();
      })));
    }
  }, 90_000);
});

/** A TCP proxy to 127.0.0.1:<port> whose cut() drops every connection and refuses new ones: a network partition. */
async function tcpProxy(port: number): Promise<{ url: string; cut(): void }> {
  const sockets = new Set<net.Socket>();
  let open = true;
  const server = net.createServer((inbound) => {
    if (!open) return inbound.destroy();
    const outbound = net.connect(port, "127.0.0.1");
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.once("close", () => sockets.delete(s));
      s.on("error", () => undefined); // a cut connection errors on both sides; that is the point
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut: () => {
      open = false;
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}
