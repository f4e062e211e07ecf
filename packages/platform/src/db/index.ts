export * from "./open-database.js";
export * from "./row-values.js";
