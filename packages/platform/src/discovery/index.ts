export * from "./discovery.js";
export * from "./balanced-transport.js";
export * from "./idempotent-rpc.js";
export * from "./instance-watcher.js";
export * from "./leader-election.js";
export * from "./service-registration.js";
export * from "./discovery-metrics.js";
export * from "./etcd-client.js";
