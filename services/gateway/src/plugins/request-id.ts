import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import fp from "fastify-plugin";

// What a proxy may hand us (nginx's $request_id is 32 hex chars; UUIDs and similar tokens pass too). Anything else
// is replaced, so a client cannot put arbitrary text into every log line of its request.
const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's genReqId: the caller's X-Request-Id when it is a sane token, else a fresh UUID. Logged as reqId. */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && ACCEPTED.test(given) ? given : randomUUID();
}

/** Echoes the request id on every answer (errors and 404s too), so a client or the edge can quote it. */
export const requestIdPlugin = fp(
  async (app) => {
    app.addHook("onRequest", async (req, reply) => {
      void reply.header("x-request-id", req.id);
    });
  },
  { name: "request-id" },
);
