import { Type } from "typebox";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { LiveConfig } from "@bookstore/platform/config";
import { AppError, Reason, unauthenticated } from "@bookstore/platform/errors";
import type { GatewayDeps } from "../../gateway-deps.js";
import { errorResponses, strictObject } from "../../schemas/common.js";
import { verifyHubSignature } from "./config-webhook-signature.js";

/** Git hosts send push payloads of a few hundred KB at most; the signature covers the bytes, which are not parsed. */
const MAX_WEBHOOK_BYTES = 1024 * 1024;

const ReloadJson = strictObject({
  outcome: Type.Union([Type.Literal("applied"), Type.Literal("unchanged"), Type.Literal("rejected")]),
  /** Reloadable keys whose new values are now in effect. */
  changed: Type.Array(Type.String()),
  /** Keys that changed but are read only at boot: not applied until a restart. */
  needsRestart: Type.Array(Type.String()),
  /** Why a rejected config was rejected (key paths and rules, never values). */
  problems: Type.Array(Type.String()),
});

/**
 * POST /admin/config/webhook: a Git host's push webhook says the config repository changed (the deploy tool has
 * already written the new file), so this process reloads its config file. Signed like GitHub's: X-Hub-Signature-256
 * = sha256=<hex HMAC-SHA256 of the raw body> with configReload.webhookSecret. No secret configured: 404, as if the
 * route did not exist. Encapsulated, so the raw-body parsers apply to this route only.
 */
export const configWebhookRoutes: FastifyPluginAsyncTypebox<GatewayDeps> = async (app, deps) => {
  const settings = deps.settings ?? LiveConfig.fixed(deps.config, deps.logger);
  const log = deps.logger.child({ component: "config-webhook" });
  const raw = (_req: unknown, body: Buffer, done: (err: null, body: Buffer) => void) => done(null, body);
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer", bodyLimit: MAX_WEBHOOK_BYTES }, raw);
  // Form-encoded (GitHub's other payload format) or anything else: the payload is not read, only its signature checked.
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: MAX_WEBHOOK_BYTES }, raw);

  app.post(
    "/admin/config/webhook",
    {
      schema: {
        tags: ["admin"],
        summary: "Reload this process's config file (Git-host webhook, X-Hub-Signature-256)",
        headers: Type.Object({ "x-hub-signature-256": Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: ReloadJson, ...errorResponses },
      },
      config: { permission: "public" },
    },
    async (req) => {
      const secret = settings.current.configReload.webhookSecret;
      if (!secret) throw new AppError(Reason.NOT_FOUND, "config webhook is not configured (configReload.webhookSecret)");
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!verifyHubSignature(secret, body, req.headers["x-hub-signature-256"])) {
        log.warn({ ip: req.ip }, "config webhook with a missing or bad signature refused");
        throw unauthenticated("invalid or missing X-Hub-Signature-256");
      }
      const result = settings.reload("webhook");
      return { outcome: result.outcome, changed: result.changed, needsRestart: result.needsRestart, problems: result.problems };
    },
  );
};
