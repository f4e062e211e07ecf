export * from "./event-stream.js";
export * from "./outbox.js";
