import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { GatewayDeps } from "../../gateway-deps.js";

/** Routes for the job queue stats (issue 3); filled in by that slice. */
export const adminJobsRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async () => {};
