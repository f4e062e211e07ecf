import { Type } from "typebox";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { GatewayDeps } from "../../gateway-deps.js";
import { asCaller } from "../../plugins/auth.js";
import { errorResponses, Page, PageQuery, strictObject, toIso } from "../../schemas/common.js";

const Count = Type.Integer({ minimum: 0 });
const QueueStatsJson = strictObject({
  name: Type.String(),
  waiting: Count,
  active: Count,
  delayed: Count,
  failed: Count,
  completed: Count,
});

const QueueName = Type.String({ pattern: "^[A-Za-z0-9_.-]{1,64}$" });

const FailedJobJson = strictObject({
  id: Type.String(),
  name: Type.String({ description: "The job kind, e.g. order.expire" }),
  attemptsMade: Count,
  failedReason: Type.String({ description: "The last error's message, at most 500 characters (never a stack)" }),
  failedAt: Type.String({ format: "date-time" }),
});

const RetryParams = strictObject({
  queue: QueueName,
  jobId: Type.String({ pattern: "^[A-Za-z0-9_.-]{1,200}$" }),
});

/** Job queue stats and dead-letter retry (DESIGN.md "jobs"); the queues are the order service's. */
export const adminJobsRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, { clients }) => {
  app.get(
    "/admin/jobs",
    {
      schema: {
        tags: ["jobs"],
        summary: "Counts per job queue",
        response: { 200: strictObject({ queues: Type.Array(QueueStatsJson) }), ...errorResponses },
      },
      config: { permission: "job:read" },
    },
    async (req) => {
      const res = await clients.orderJobs.getJobStats({}, asCaller(req));
      return {
        queues: res.queues.map((q) => ({
          name: q.name,
          waiting: Number(q.waiting),
          active: Number(q.active),
          delayed: Number(q.delayed),
          failed: Number(q.failed),
          completed: Number(q.completed),
        })),
      };
    },
  );

  app.get(
    "/admin/jobs/:queue/failed",
    {
      schema: {
        tags: ["jobs"],
        summary: "A queue's dead-lettered jobs, newest failure first (payloads are not shown)",
        params: strictObject({ queue: QueueName }),
        querystring: strictObject(PageQuery),
        response: { 200: Page(FailedJobJson), ...errorResponses },
      },
      config: { permission: "job:read" },
    },
    async (req) => {
      const page = req.query.page ?? 1;
      const size = req.query.size ?? 20;
      const res = await clients.orderJobs.listFailedJobs(
        { queue: req.params.queue, pageSize: size, offset: (page - 1) * size },
        asCaller(req),
      );
      return {
        items: res.jobs.map((j) => ({
          id: j.id, name: j.name, attemptsMade: j.attemptsMade, failedReason: j.failedReason, failedAt: toIso(Number(j.failedAtMs)),
        })),
        page,
        size,
        total: res.total,
      };
    },
  );

  app.post(
    "/admin/jobs/:queue/failed/:jobId/retry",
    {
      schema: {
        tags: ["jobs"],
        summary: "Move a dead-lettered job back to waiting with fresh attempts",
        params: RetryParams,
        response: {
          200: strictObject({ queue: Type.String(), jobId: Type.String(), status: Type.Literal("waiting") }),
          ...errorResponses,
        },
      },
      config: { permission: "job:write" },
    },
    async (req) => {
      const { queue, jobId } = req.params;
      await clients.orderJobs.retryFailedJob({ queue, jobId }, asCaller(req));
      return { queue, jobId, status: "waiting" as const };
    },
  );
};
