import { contextOfTraceparent, inSpan, SpanKind } from "../tracing/index.js";
import type { JobContext } from "./job-queue.js";

/** Which backend ran a job (span attribute `messaging.system`). */
export type JobBackendName = "sql" | "bullmq" | "local";

/**
 * Runs one attempt of a job in a CONSUMER span `job <kind>`. Its parent is the trace that enqueued the job (the
 * traceparent kept with it), so a request's trace shows the work it scheduled; a job added outside a trace
 * starts its own. Every backend calls this, so a job's span looks the same wherever it ran.
 */
export function runJobInSpan(
  backend: JobBackendName,
  queue: string,
  job: JobContext,
  traceparent: string | undefined,
  run: () => Promise<void>,
): Promise<void> {
  return inSpan(`job ${job.kind}`, {
    kind: SpanKind.CONSUMER,
    parent: contextOfTraceparent(traceparent),
    attributes: {
      "messaging.system": backend,
      "messaging.operation.type": "process",
      "messaging.destination.name": queue,
      "messaging.message.id": job.id,
      "bookstore.job.kind": job.kind,
      "bookstore.job.attempt": job.attempt,
    },
  }, run);
}
