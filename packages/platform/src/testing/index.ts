export * from "./free-port.js";
export * from "./eventually.js";
export * from "./servers.js";
export * from "./test-database.js";
export * from "./etcd.js";
export * from "./redis-cluster.js";
export * from "./silent-peer.js";
