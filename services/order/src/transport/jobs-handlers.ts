import type { ConnectRouter } from "@connectrpc/connect";
import { JobsService } from "@bookstore/contracts/order/v1/jobs";
import { requirePermission } from "@bookstore/platform/rpc";
import { badFailedJobsPage, failedJobNotFound, jobQueueNotFound } from "../domain/errors.js";

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

interface FailedJobsPage {
  jobs: { id: string; kind: string; attemptsMade: number; failedReason: string; failedAtMs: number }[];
  total: number;
}

/** What the admin RPCs need of the job system (JobSystem fits). */
export interface JobAdmin {
  stats(): Promise<{ name: string; waiting: number; active: number; delayed: number; failed: number; completed: number }[]>;
  retryFailed(queue: string, jobId: string): Promise<boolean>;
  /** Undefined for an unknown queue. */
  listFailed(queue: string, page: { offset: number; limit: number }): Promise<FailedJobsPage | undefined>;
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
    async listFailedJobs(req, ctx) {
      requirePermission(ctx, "job:read");
      const limit = req.pageSize === 0 ? DEFAULT_PAGE_SIZE : req.pageSize;
      if (limit < 1 || limit > MAX_PAGE_SIZE || req.offset < 0) throw badFailedJobsPage(MAX_PAGE_SIZE);
      const page = await jobs.listFailed(req.queue, { offset: req.offset, limit });
      if (!page) throw jobQueueNotFound(req.queue);
      return {
        jobs: page.jobs.map((j) => ({
          id: j.id, name: j.kind, attemptsMade: j.attemptsMade, failedReason: j.failedReason, failedAtMs: BigInt(j.failedAtMs),
        })),
        total: page.total,
      };
    },
  });
}
