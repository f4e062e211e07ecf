import websocket from "@fastify/websocket";
import fp from "fastify-plugin";
import type { EventBus } from "@bookstore/platform/events";
import type { Logger } from "@bookstore/platform/logger";
import type { Metrics } from "@bookstore/platform/metrics";
import { accessTokenVerifier } from "./access-token.js";
import { LiveHub } from "./live-hub.js";
import { createLiveMetrics } from "./live-metrics.js";
import { LIVE_USER_CHANNEL, MAX_CLIENT_MESSAGE_BYTES } from "./live-protocol.js";

export interface LiveSettings {
  authTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxBufferedBytes: number;
}

export interface LivePluginOptions {
  settings: LiveSettings;
  jwtSecret: string;
  events: EventBus;
  metrics: Metrics;
  logger: Logger;
}

/** How long app.close() waits for clients to answer the 1001 close before cutting them off. */
const SHUTDOWN_GRACE_MS = 1_000;

/**
 * GET /ws (DESIGN.md "live"). Not encapsulated: @fastify/websocket must see every route, so that a WebSocket upgrade
 * sent to any other path is answered and its socket closed; otherwise that socket would stay open forever (and hold
 * up app.close()), since an upgraded connection escapes the HTTP server's timeouts.
 * No token in the URL, ever: a query string is ignored and the socket must authenticate by its first message.
 * No Origin check is needed for that reason: a cross-site page has no token to send (cookies do not authenticate).
 */
export const livePlugin = fp<LivePluginOptions>(async (app, opts) => {
  const { settings } = opts;
  const logger = opts.logger.child({ component: "live" });
  const hub = new LiveHub({ verify: accessTokenVerifier(opts.jwtSecret), metrics: createLiveMetrics(opts.metrics), logger, settings });
  const unsubscribe = opts.events.subscribe(LIVE_USER_CHANNEL, (payload) => hub.route(payload));
  const heartbeat = setInterval(() => hub.heartbeat(), settings.heartbeatIntervalMs);
  heartbeat.unref();

  await app.register(websocket, {
    options: { maxPayload: MAX_CLIENT_MESSAGE_BYTES },
    preClose: async () => {
      clearInterval(heartbeat);
      unsubscribe();
      await hub.shutdown(SHUTDOWN_GRACE_MS);
      // Upgrades to other paths were closed at once but may still wait for their peer's close frame.
      for (const socket of app.websocketServer.clients) socket.terminate();
      await new Promise<void>((resolve) => app.websocketServer.close(() => resolve()));
    },
    errorHandler: (err, socket) => {
      logger.debug({ err }, "live socket error");
      socket.terminate();
    },
  });
  app.get("/ws", { websocket: true, onRequest: app.limits.perIp }, (socket) => {
    hub.open(socket);
  });
}, { name: "live", dependencies: ["rate-limit"] });
