import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { GatewayDeps } from "../../gateway-deps.js";

/** Routes for the listing engine (issue 3); filled in by that slice. */
export const listingsRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async () => {};
