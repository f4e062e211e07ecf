import { Etcd3 } from "etcd3";

/** One client per process; `etcdUrl` is discovery.etcdUrl (comma-separated client URLs). */
export function openEtcd(etcdUrl: string): Etcd3 {
  const hosts = etcdUrl.split(",").map((h) => h.trim()).filter((h) => h.length > 0);
  if (hosts.length === 0) throw new Error("discovery.etcdUrl is empty");
  // A short dial timeout: a process whose etcd is down should learn it in seconds, not hang its start.
  return new Etcd3({ hosts, dialTimeout: 3_000 });
}
