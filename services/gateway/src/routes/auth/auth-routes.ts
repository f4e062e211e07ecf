import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { GatewayDeps } from "../../gateway-deps.js";

// Placeholder: routes land with their service (issue 2).
export const authRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async () => undefined;
