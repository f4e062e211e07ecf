export * from "./open-database.js";
export * from "./row-values.js";
export * from "./lag-aware-router.js";
