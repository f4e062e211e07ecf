import { LogController, type FastifyReply, type FastifyRequest } from "fastify";

/**
 * One line per request and per response at debug level: silent at the default "info", where they would dominate
 * the logs under load (RED metrics count requests, the errors plugin logs failures), and there to follow a request
 * with logLevel "debug" or "trace". fastify's request serializer writes method, url, host and remote address, never
 * headers or bodies, so credentials stay out. Fastify's other per-request lines stay off, as before.
 */
export class DebugRequestLog extends LogController {
  constructor() {
    super({ disableRequestLogging: true });
  }

  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, "incoming request");
  }

  override requestCompleted(error: Error | null | undefined, _request: FastifyRequest, reply: FastifyReply): void {
    reply.log.debug({ res: reply, responseTime: reply.elapsedTime, ...(error ? { err: error } : {}) }, "request completed");
  }
}
