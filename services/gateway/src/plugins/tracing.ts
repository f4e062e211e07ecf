import fp from "fastify-plugin";
import type { FastifyRequest, RouteHandlerMethod } from "fastify";
import { context, propagation, recordGetter, SpanKind, SpanStatusCode, trace, tracer, type Context, type Span } from "@bookstore/platform/tracing";

const spans = new WeakMap<FastifyRequest, { span: Span; ctx: Context }>();

/**
 * A server span per request, parented on an incoming W3C traceparent. Handlers run inside the span's context
 * (wrapped at route registration: fastify's body parsing loses async context, so hooks alone would not carry it),
 * so the RPCs they make become its children. No-op unless tracing was started for the process.
 */
export const tracingPlugin = fp(
  async (app) => {
    app.addHook("onRoute", (route) => {
      const handler = route.handler as RouteHandlerMethod;
      route.handler = function traced(this: unknown, req, reply) {
        const active = spans.get(req);
        return active ? context.with(active.ctx, () => handler.call(this as never, req, reply)) : handler.call(this as never, req, reply);
      } as RouteHandlerMethod;
    });
    app.addHook("onRequest", (req, _reply, done) => {
      const parent = propagation.extract(context.active(), req.headers, recordGetter);
      const route = req.routeOptions.url ?? "unmatched";
      const span = tracer().startSpan(`${req.method} ${route}`, {
        kind: SpanKind.SERVER,
        attributes: { "http.request.method": req.method, "http.route": route, "bookstore.service": "gateway" },
      }, parent);
      const ctx = trace.setSpan(parent, span);
      spans.set(req, { span, ctx });
      // The hooks after this one (rate limits, auth) start inside the span, so their Redis calls join the trace.
      context.with(ctx, done);
    });
    app.addHook("onResponse", async (req, reply) => {
      const active = spans.get(req);
      if (!active) return;
      active.span.setAttribute("http.response.status_code", reply.statusCode);
      if (reply.statusCode >= 500) active.span.setStatus({ code: SpanStatusCode.ERROR });
      active.span.end();
      spans.delete(req);
    });
  },
  { name: "tracing" },
);
