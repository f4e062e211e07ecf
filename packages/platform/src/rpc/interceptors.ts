import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { AppError, fromConnectError, Reason, toConnectError } from "../errors/index.js";
import type { Logger } from "../logger/index.js";
import type { Metrics } from "../metrics/index.js";
import { callerFromHeaders, callerKey } from "./caller.js";
import { extractFrom, inSpan, injectInto, SpanKind } from "../tracing/index.js";

/** Fault injection for resilience tests and benchmarks; empty (no faults) unless configured. */
export interface RpcFaults {
  /** Method names (e.g. "BatchGetStock") that never answer: the call hangs until the client gives up. */
  stallRpcs: readonly string[];
}

const STALL_LIMIT_MS = 60_000;

/** Hangs until the caller cancels (its deadline or breaker timeout) or a minute passes, like a wedged dependency. */
function stall(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const timer = setTimeout(() => reject(new ConnectError("stalled by fault injection", Code.DeadlineExceeded)), STALL_LIMIT_MS);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new ConnectError("cancelled while stalled", Code.Canceled));
    }, { once: true });
  });
}

/** Server side: caller from headers into context, any failure → ConnectError with reason, RED metrics. */
export function serverInterceptors(service: string, logger: Logger, metrics: Metrics, faults?: RpcFaults): Interceptor[] {
  const errors: Interceptor = (next) => async (req) => {
    const started = performance.now();
    let code = "ok";
    try {
      req.contextValues.set(callerKey, callerFromHeaders(req.header));
      return await next(req);
    } catch (e) {
      const err = toConnectError(e);
      code = Code[err.code];
      if (err.code === Code.Internal) logger.error({ err: e, rpc: req.method.name }, "rpc failed");
      throw err;
    } finally {
      metrics.rpcRequests
        .labels({ service, method: req.method.name, code })
        .observe((performance.now() - started) / 1000);
    }
  };
  // Outermost: the span covers error mapping and metrics, and is the parent of the handler's DB and RPC spans.
  const tracing: Interceptor = (next) => (req) =>
    inSpan(`${service}/${req.method.name}`, {
      kind: SpanKind.SERVER,
      parent: extractFrom(req.header),
      attributes: { "rpc.system": "connect_rpc", "rpc.service": req.service.typeName, "rpc.method": req.method.name, "bookstore.service": service },
    }, () => next(req));
  const stalled = new Set(faults?.stallRpcs ?? []);
  const faulty: Interceptor = (next) => (req) => (stalled.has(req.method.name) ? stall(req.signal) : next(req));
  return stalled.size > 0 ? [tracing, errors, faulty] : [tracing, errors];
}

/** Client side: a span per outgoing call, its traceparent sent along so the server's span joins the trace. */
export const clientTracingInterceptor: Interceptor = (next) => (req) =>
  inSpan(`${req.service.typeName}/${req.method.name}`, {
    kind: SpanKind.CLIENT,
    attributes: { "rpc.system": "connect_rpc", "rpc.service": req.service.typeName, "rpc.method": req.method.name },
  }, () => {
    injectInto(req.header);
    return next(req);
  });

/** Client side: errors from a peer come back as the AppError it raised, so callers never see Connect types. */
export const clientErrorInterceptor: Interceptor = (next) => async (req) => {
  try {
    return await next(req);
  } catch (e) {
    // The session closed under this call (the peer died) while the caller cancelled nothing: the service is
    // unavailable (503), not broken (500).
    if (e instanceof ConnectError && e.code === Code.Canceled && !req.signal.aborted)
      throw new AppError(Reason.UNAVAILABLE, `connection lost during ${req.method.name}; it may or may not have been applied`);
    if (e instanceof ConnectError || !(e instanceof Error)) throw fromConnectError(e);
    throw e;
  }
};
