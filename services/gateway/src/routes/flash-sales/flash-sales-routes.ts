import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { GatewayDeps } from "../../gateway-deps.js";

/** Routes for the flash sales (issue 3); filled in by that slice. */
export const flashSalesRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async () => {};
