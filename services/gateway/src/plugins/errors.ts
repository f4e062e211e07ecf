import fp from "fastify-plugin";
import type { FastifyError } from "fastify";
import { AppError, Reason, toHttpError, validationFailed } from "@bookstore/platform/errors";

/** The one place HTTP error bodies are written: {"error":{code,message,details}} with the DESIGN.md statuses. */
export const errorsPlugin = fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
      const mapped = toHttpError(classify(err));
      if (mapped.status >= 500) req.log.error({ err }, "request failed");
      if (mapped.retryAfterSeconds !== undefined) void reply.header("retry-after", String(mapped.retryAfterSeconds));
      return reply.code(mapped.status).send(mapped.body);
    });
    app.setNotFoundHandler((req, reply) =>
      reply.code(404).send({ error: { code: Reason.NOT_FOUND, message: `no route ${req.method} ${req.url.split("?")[0]}`, details: {} } }),
    );
  },
  { name: "errors" },
);

function classify(err: FastifyError | AppError | Error): unknown {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError;
  if (fe.validation) {
    const issues = fe.validation.map((v) => ({
      path: `${fe.validationContext ?? "body"}${v.instancePath.replaceAll("/", ".")}`,
      message: v.message ?? "invalid",
      ...(v.keyword === "additionalProperties" ? { unknownField: String(v.params["additionalProperty"]) } : {}),
    }));
    return validationFailed(`invalid request: ${issues.map((i) => `${i.path} ${i.message}`).join("; ")}`, { issues });
  }
  if (fe.code === "FST_ERR_CTP_INVALID_JSON_BODY" || fe.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || err instanceof SyntaxError)
    return validationFailed("malformed JSON body");
  if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return validationFailed("unsupported content type: send application/json");
  if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE") return validationFailed("request body too large");
  if (fe.statusCode === 429) return new AppError(Reason.RATE_LIMITED, "too many requests", {});
  if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500)
    return validationFailed(fe.message);
  return err;
}
