import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type TextMapGetter, type TextMapSetter } from "@opentelemetry/api";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { BatchSpanProcessor, SimpleSpanProcessor, TraceIdRatioBasedSampler, ParentBasedSampler, type SpanExporter, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";

export { SpanKind, SpanStatusCode, ROOT_CONTEXT, context, propagation, trace, type Span, type Context };

const TRACER = "bookstore";

export interface TracingOptions {
  /** service.name of this process (a service name, "gateway", or "bookstore" for all-in-one). */
  serviceName: string;
  /** OTLP/HTTP traces endpoint (e.g. http://collector:4318/v1/traces); empty = no export. */
  otlpUrl?: string;
  /** Head sampling ratio for new traces; a sampled parent is always followed. */
  sampleRatio?: number;
  /** Extra exporter, exported span by span (tests use an in-memory one). */
  exporter?: SpanExporter;
  /** Longest wait before finished spans go to the OTLP endpoint (the SDK's default is 5000). */
  exportDelayMs?: number;
}

export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Registers the global tracer provider, W3C trace-context propagation and async context for this process.
 * Without it every span call below is a no-op, so tracing costs nothing when it is off (the default).
 */
export function startTracing(opts: TracingOptions): Tracing {
  const processors: SpanProcessor[] = [];
  if (opts.otlpUrl)
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: opts.otlpUrl }), opts.exportDelayMs === undefined ? {} : { scheduledDelayMillis: opts.exportDelayMs }));
  if (opts.exporter) processors.push(new SimpleSpanProcessor(opts.exporter));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": opts.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(opts.sampleRatio ?? 1) }),
    spanProcessors: processors,
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}

export const tracer = () => trace.getTracer(TRACER);

/** The active span's ids, for log lines (empty when not tracing). */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  const span = trace.getSpan(context.active());
  const ctx = span?.spanContext();
  if (!ctx || !trace.isSpanContextValid(ctx)) return undefined;
  return { trace_id: ctx.traceId, span_id: ctx.spanId };
}

const headersGetter: TextMapGetter<Headers> = {
  keys: (h) => [...h.keys()],
  get: (h, key) => h.get(key) ?? undefined,
};
const headersSetter: TextMapSetter<Headers> = { set: (h, key, value) => h.set(key, value) };

export const recordGetter: TextMapGetter<Record<string, string | string[] | undefined>> = {
  keys: (h) => Object.keys(h),
  get: (h, key) => h[key],
};

/** Writes traceparent/tracestate of `ctx` into outgoing fetch-style headers. */
export const injectInto = (headers: Headers, ctx: Context = context.active()) => propagation.inject(ctx, headers, headersSetter);
/** The remote parent carried by incoming fetch-style headers. */
export const extractFrom = (headers: Headers) => propagation.extract(context.active(), headers, headersGetter);

/** Runs `fn` in a new span, ending it with the outcome; errors are recorded and rethrown. */
export async function inSpan<T>(
  name: string,
  opts: { kind?: SpanKind; attributes?: Record<string, string | number | boolean>; parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = opts.parent ?? context.active();
  const span = tracer().startSpan(name, { kind: opts.kind ?? SpanKind.INTERNAL, ...(opts.attributes ? { attributes: opts.attributes } : {}) }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (e) {
    span.recordException(e instanceof Error ? e : new Error(String(e)));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw e;
  } finally {
    span.end();
  }
}

/** A span for work that already happened (a SQL statement reported after it ran). */
export function recordFinishedSpan(name: string, durationMs: number, attributes: Record<string, string | number>, failed: boolean): void {
  const end = Date.now();
  const span = startClientSpan(name, attributes, end - durationMs);
  if (failed) span?.setStatus({ code: SpanStatusCode.ERROR });
  span?.end(end);
}

/**
 * A CLIENT span under the active span, for a call the caller ends itself (a Redis command settling later).
 * Undefined outside a trace: background polling must not start an orphan root span per statement or command.
 */
export function startClientSpan(name: string, attributes: Attributes, startTime?: number): Span | undefined {
  const parent = context.active();
  if (!trace.getSpan(parent)) return undefined;
  return tracer().startSpan(name, { kind: SpanKind.CLIENT, attributes, ...(startTime === undefined ? {} : { startTime }) }, parent);
}

/**
 * The active trace as a W3C traceparent, to keep with work that runs later (a job). Undefined outside a trace
 * and when tracing is off (no propagator registered), so nothing is stored then.
 */
export function activeTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier["traceparent"];
}

/** The remote parent a stored traceparent names; the empty root context when there is none (or it is malformed). */
export const contextOfTraceparent = (traceparent: string | undefined): Context =>
  traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
