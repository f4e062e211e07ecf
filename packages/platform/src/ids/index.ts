export * from "./snowflake.js";
export * from "./worker-lease.js";
export * from "./sql-worker-lease-store.js";
export * from "./redis-worker-lease-store.js";
