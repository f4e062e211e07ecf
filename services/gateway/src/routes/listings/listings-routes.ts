import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { GatewayDeps } from "../../gateway-deps.js";
import { asCaller } from "../../plugins/auth.js";
import { errorResponses } from "../../schemas/common.js";
import { listingTaskJson, priorityToProto } from "./listing-json.js";
import { ListingTaskJson, SubmitListingsBody, SubmitListingsJson, TaskIdParams } from "./listing-schemas.js";

const tags = ["listings"];

/** The catalog's listing engine: stock counts by ISBN, applied asynchronously; poll the task for the outcome. */
export const listingsRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, deps) => {
  const listing = deps.clients.listing;

  app.post(
    "/listings",
    {
      schema: {
        tags,
        summary: "Queue one listing or a batch; a full queue answers 429 QUEUE_FULL and takes nothing",
        body: SubmitListingsBody,
        response: { 202: SubmitListingsJson, ...errorResponses },
      },
      config: { permission: "listing:write" },
    },
    async (req, reply) => {
      const items = "items" in req.body ? req.body.items : [req.body];
      const res = await listing.submitListings(
        { items: items.map((i) => ({ isbn: i.isbn, stock: i.stock, priority: priorityToProto(i.priority) })) },
        asCaller(req),
      );
      return reply.code(202).send({ tasks: res.tasks.map((t) => ({ taskId: t.taskId, isbn: t.isbn })) });
    },
  );

  app.get(
    "/listings/:taskId",
    {
      schema: {
        tags,
        summary: "A listing task's status: queued, running, done or failed (with the reason)",
        params: TaskIdParams,
        response: { 200: ListingTaskJson, ...errorResponses },
      },
      config: { permission: "listing:read" },
    },
    async (req) => listingTaskJson((await listing.getListingTask({ taskId: req.params.taskId }, asCaller(req))).task),
  );
};
