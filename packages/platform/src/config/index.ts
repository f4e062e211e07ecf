export * from "./schema.js";
export * from "./load-config.js";
