import { createRouterTransport, type ConnectRouter, type Transport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import type { Logger } from "../logger/index.js";
import type { Metrics } from "../metrics/index.js";
import { clientErrorInterceptor, clientTracingInterceptor, serverInterceptors, type RpcFaults } from "./interceptors.js";

export type RegisterRoutes = (router: ConnectRouter) => void;

/**
 * Embedded profile: each service answers through Connect's in-process router transport.
 * Services are built one after another and may need each other's transport first, so the
 * transport handed out is a stand-in that resolves to the real one on first call.
 */
export class InProcessTransports {
  private readonly routes = new Map<string, Transport>();

  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly faults?: RpcFaults,
  ) {}

  register(service: string, register: RegisterRoutes): void {
    this.routes.set(
      service,
      createRouterTransport(register, {
        router: { interceptors: serverInterceptors(service, this.logger, this.metrics, this.faults) },
        transport: { interceptors: [clientErrorInterceptor, clientTracingInterceptor] },
      }),
    );
  }

  transportFor(service: string): Transport {
    const resolve = (): Transport => {
      const t = this.routes.get(service);
      if (!t) throw new Error(`service ${service} is not running in this process`);
      return t;
    };
    return {
      unary: (...args) => resolve().unary(...args),
      stream: (...args) => resolve().stream(...args),
    };
  }
}

/** Production profile: gRPC over HTTP/2 to the service's configured address. */
export function grpcTransport(baseUrl: string): Transport {
  return createGrpcTransport({ baseUrl, interceptors: [clientErrorInterceptor, clientTracingInterceptor] });
}
