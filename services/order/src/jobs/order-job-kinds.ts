import type { JobKinds } from "@bookstore/platform/jobs";

export const EXPIRE_ORDER_JOB = "order.expire";

/**
 * Where each kind of order job runs (the job system reads only this table):
 * | kind          | backend | queue | why                                                                  |
 * | order.expire  | durable | order | must survive restarts: an unpaid order holds stock until it runs      |
 * Durable = BullMQ with redisUrl, else this service's SQL jobs table. "local" (the in-process pool) is for
 * latency-sensitive work whose loss is harmless; none of the order jobs qualifies yet.
 */
export const ORDER_JOB_KINDS: JobKinds = {
  // Retries 2 s, 4 s, … ~4 min in total: enough for a peer (catalog, user) to come back before dead-lettering.
  [EXPIRE_ORDER_JOB]: { backend: "durable", queue: "order", maxAttempts: 8, backoffMs: 2_000, priority: 10 },
};
