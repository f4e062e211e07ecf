export * from "./schema.js";
export * from "./load-config.js";
export * from "./config-diff.js";
export * from "./live-config.js";
export * from "./watch-config-file.js";
export * from "./watch-etcd-config.js";
export * from "./config-triggers.js";
