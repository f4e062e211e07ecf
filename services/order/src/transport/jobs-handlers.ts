import type { ConnectRouter } from "@connectrpc/connect";
import { JobsService } from "@bookstore/contracts/order/v1/jobs";
import { requirePermission } from "@bookstore/platform/rpc";
import { failedJobNotFound } from "../domain/errors.js";

/** What the admin RPCs need of the job system (JobSystem fits). */
export interface JobAdmin {
  stats(): Promise<{ name: string; waiting: number; active: number; delayed: number; failed: number; completed: number }[]>;
  retryFailed(queue: string, jobId: string): Promise<boolean>;
}

export function registerJobsHandlers(router: ConnectRouter, jobs: JobAdmin): void {
  router.service(JobsService, {
    async getJobStats(_req, ctx) {
      requirePermission(ctx, "job:read");
      const queues = (await jobs.stats()).map((q) => ({
        name: q.name, waiting: BigInt(q.waiting), active: BigInt(q.active), delayed: BigInt(q.delayed), failed: BigInt(q.failed),
        completed: BigInt(q.completed),
      }));
      return { queues };
    },
    async retryFailedJob(req, ctx) {
      requirePermission(ctx, "job:write");
      if (!(await jobs.retryFailed(req.queue, req.jobId))) throw failedJobNotFound(req.queue, req.jobId);
      return {};
    },
  });
}
