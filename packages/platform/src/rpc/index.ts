export * from "./caller.js";
export * from "./interceptors.js";
export * from "./transports.js";
export * from "./serve-service.js";
export type { Transport } from "@connectrpc/connect";
export * from "./probe.js";
