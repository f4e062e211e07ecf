import { Type } from "typebox";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { GatewayDeps } from "../../gateway-deps.js";
import { errorResponses, strictObject } from "../../schemas/common.js";

const MAX_CALLBACK_BYTES = 16 * 1024;

/**
 * The payment provider's callback. Its HMAC covers the exact bytes sent, so this plugin (encapsulated: the
 * parser applies to this route only) keeps application/json bodies as raw buffers and passes them through.
 */
export const paymentsRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, { clients }) => {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer", bodyLimit: MAX_CALLBACK_BYTES }, (_req, body, done) => {
    done(null, body);
  });

  app.post(
    "/payments/callback",
    {
      schema: {
        tags: ["payments"],
        headers: Type.Object({ "x-signature": Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: strictObject({ received: Type.Boolean() }), ...errorResponses },
      },
      config: { permission: "public" },
    },
    async (req) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      await clients.order.handlePaymentCallback({ rawBody: raw, signature: req.headers["x-signature"] ?? "" });
      return { received: true };
    },
  );
};
