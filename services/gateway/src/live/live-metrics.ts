import { Counter, Gauge, type Metrics } from "@bookstore/platform/metrics";

/** Why a socket closed: the label of ws_closed_total. "client" = the peer closed or went away. */
export type LiveCloseReason =
  | "client"
  | "auth_timeout"
  | "auth_failed"
  | "token_expired"
  | "heartbeat"
  | "slow_consumer"
  | "shutdown"
  | "error";

export interface LiveMetrics {
  connections: Gauge;
  messagesSent: Counter<"type">;
  closed: Counter<"reason">;
}

export function createLiveMetrics(metrics: Metrics): LiveMetrics {
  const registers = [metrics.registry];
  return {
    connections: new Gauge({ name: "ws_connections", help: "Open /ws sockets (authenticated or not)", registers }),
    messagesSent: new Counter({ name: "ws_messages_sent_total", help: "Messages sent to /ws clients, by type", labelNames: ["type"], registers }),
    closed: new Counter({ name: "ws_closed_total", help: "/ws sockets closed, by reason", labelNames: ["reason"], registers }),
  };
}
