// Throwaway mariadbd / redis-server / Redis Cluster / etcd started from the installed binaries (see ../shared/SERVERS.md).
// The implementation lives in @bookstore/platform/testing so service suites can use it too.
export { startMariadb, startRedis, startRedisCluster, startEtcd, hasMariadb, hasRedis, servicesRequired } from "@bookstore/platform/testing";
