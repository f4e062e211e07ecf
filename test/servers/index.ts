// Throwaway mariadbd / redis-server started from the installed binaries (see ../shared/SERVERS.md).
// The implementation lives in @bookstore/platform/testing so service suites can use it too.
export { startMariadb, startRedis, hasMariadb, hasRedis, servicesRequired } from "@bookstore/platform/testing";
