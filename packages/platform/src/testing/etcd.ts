import type { TestServer } from "./servers.js";

/** A throwaway single-node etcd in a temp dir on free ports (see ../shared/SERVERS.md). Implemented by the discovery work. */
export function startEtcd(): Promise<TestServer> {
  return Promise.reject(new Error("startEtcd: not implemented yet"));
}
