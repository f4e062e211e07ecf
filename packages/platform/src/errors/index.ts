export * from "./app-error.js";
export * from "./status-tables.js";
