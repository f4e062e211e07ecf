import { SERVICE_NAMES, type ServiceName } from "@bookstore/platform/config";
import { appMember, type AppTopology } from "./app-processes.js";
import { portFor, type ClusterDir, type ClusterSecrets, type ClusterState } from "./cluster-state.js";
import { edgeMember } from "./edge.js";
import { etcdMember, mariadbMember, redisMember } from "./infrastructure.js";
import type { Member } from "./member.js";

/** The cluster's processes in start order (stopped in reverse), grouped so each group can start in parallel. */
export interface ClusterPlan {
  mariadb: { primary: Member; replica: Member };
  redis: Member[];
  redisPorts: number[];
  etcd: Member;
  services: Member[];
  gateways: Member[];
  edge: Member;
  topology: AppTopology;
}

export const allMembers = (plan: ClusterPlan): Member[] => [
  plan.mariadb.primary, plan.mariadb.replica, ...plan.redis, plan.etcd, ...plan.services, ...plan.gateways, plan.edge,
];

/** Builds every member from the state's options; ports not yet in the state are allocated (and recorded) here. */
export async function planCluster(dir: ClusterDir, state: ClusterState, secrets: ClusterSecrets): Promise<ClusterPlan> {
  const { instances, redis } = state.options;
  const primaryPort = await portFor(state, "mariadb/primary");
  const replicaPort = await portFor(state, "mariadb/replica");
  const redisNodes = redis === "cluster" ? 6 : 1;
  const redisPorts: number[] = [];
  for (let i = 1; i <= redisNodes; i++) redisPorts.push(await portFor(state, `redis/${i}`, { withBus: redis === "cluster" }));
  const etcdClient = await portFor(state, "etcd/client");
  const etcdPeer = await portFor(state, "etcd/peer");
  const servicePorts = {} as Record<ServiceName, number[]>;
  for (const s of SERVICE_NAMES) {
    servicePorts[s] = [];
    for (let i = 1; i <= instances; i++) servicePorts[s].push(await portFor(state, `${s}/${i}`));
  }
  const gatewayPorts: number[] = [];
  for (let i = 1; i <= instances; i++) gatewayPorts.push(await portFor(state, `gateway/${i}`));

  const topology: AppTopology = {
    databaseUrl: `mysql://root@127.0.0.1:${primaryPort}`,
    replicaUrls: [`mysql://root@127.0.0.1:${replicaPort}`],
    redisUrl: redis === "cluster"
      ? `redis+cluster://${redisPorts.map((p) => `127.0.0.1:${p}`).join(",")}`
      : `redis://127.0.0.1:${redisPorts[0] ?? 0}`,
    etcdUrl: `http://127.0.0.1:${etcdClient}`,
    servicePorts,
    gatewayPorts,
    publicUrl: `https://localhost:${state.options.httpsPort}`,
    caFile: dir.path("tls", "dev-cert.pem"),
  };
  const instanceNumbers = Array.from({ length: instances }, (_, i) => i + 1);
  return {
    mariadb: { primary: mariadbMember(dir, "primary", primaryPort), replica: mariadbMember(dir, "replica", replicaPort) },
    redis: redisPorts.map((port, i) => redisMember(dir, i + 1, port, redis === "cluster")),
    redisPorts,
    etcd: etcdMember(dir, etcdClient, etcdPeer),
    services: SERVICE_NAMES.flatMap((s) => instanceNumbers.map((i) => appMember(dir, topology, secrets, s, i))),
    gateways: instanceNumbers.map((i) => appMember(dir, topology, secrets, "gateway", i)),
    edge: edgeMember(dir, gatewayPorts, { http: state.options.httpPort, https: state.options.httpsPort }),
    topology,
  };
}
