export * from "./breaker.js";
