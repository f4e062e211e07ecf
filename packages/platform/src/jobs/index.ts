export * from "./job-queue.js";
export * from "./job-system.js";
export * from "./sql-jobs-table.js";
export * from "./sql-job-queue.js";
export * from "./bullmq-job-queue.js";
export * from "./local-job-queue.js";
export * from "./job-metrics.js";
