import { Type, type Static, type TSchema, type TProperties } from "typebox";

/** Objects in config reject unknown keys, so a typo in a file or env name fails at boot instead of being ignored. */
const strict = <T extends TProperties>(props: T) => Type.Object(props, { additionalProperties: false });
/** Nested objects default to {} and are filled key by key, so a file or env var may set one key of a section. */
const withDefault = <T extends TSchema>(schema: T, value: Static<T>): T => ({ ...schema, default: value });

export const SERVICE_NAMES = ["user", "catalog", "order", "search", "recommendation"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const DatabaseConfig = strict({
  dialect: withDefault(Type.Union([Type.Literal("sqlite"), Type.Literal("mysql")]), "sqlite"),
  /** mysql: server URL without a database; each service uses `<databasePrefix><service>`. */
  url: withDefault(Type.String(), ""),
  databasePrefix: withDefault(Type.String({ pattern: "^[a-z0-9_]*$" }), "bookstore_"),
  poolSize: withDefault(Type.Integer({ minimum: 1, maximum: 200 }), 10),
  /** mysql: read replicas of `url` (same credentials and databases); reads are routed by measured lag. */
  replicaUrls: withDefault(Type.Array(Type.String()), []),
  replicaLag: withDefault(
    strict({
      freshMs: withDefault(Type.Integer({ minimum: 1 }), 100),
      maxLagMs: withDefault(Type.Integer({ minimum: 1 }), 500),
      probeIntervalMs: withDefault(Type.Integer({ minimum: 10 }), 100),
      readYourWritesMs: withDefault(Type.Integer({ minimum: 0 }), 2_000),
    }),
    { freshMs: 100, maxLagMs: 500, probeIntervalMs: 100, readYourWritesMs: 2_000 },
  ),
});
export type DatabaseConfig = Static<typeof DatabaseConfig>;

export const AuthConfig = strict({
  /** HS256 secret shared by the user service (signs) and the gateway (verifies). No production default. */
  jwtSecret: withDefault(Type.String(), ""),
  accessTtlSeconds: withDefault(Type.Integer({ minimum: 30 }), 900),
  refreshTtlSeconds: withDefault(Type.Integer({ minimum: 60 }), 30 * 24 * 3600),
  loginMaxFailures: withDefault(Type.Integer({ minimum: 1 }), 10),
  loginWindowSeconds: withDefault(Type.Integer({ minimum: 1 }), 15 * 60),
  registerPerHour: withDefault(Type.Integer({ minimum: 1 }), 100),
});

export const PaymentsConfig = strict({
  /** HMAC-SHA256 key the mock provider signs callbacks with. No production default. */
  hmacSecret: withDefault(Type.String(), ""),
  /** Where the mock provider posts its callback; empty = this process's gateway. */
  callbackUrl: withDefault(Type.String(), ""),
  callbackDelayMs: withDefault(Type.Integer({ minimum: 0 }), 200),
});

export const ServiceEndpoint = strict({
  /** Port `bookstore serve <service>` listens on (gRPC over HTTP/2). */
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  /** Where other processes reach it. */
  url: Type.String(),
});

/** One listing queue; each priority has its own defaults, so setting one key keeps the other's default. */
const listingQueue = (capacity: number, workers: number) =>
  withDefault(
    strict({
      capacity: withDefault(Type.Integer({ minimum: 1 }), capacity),
      workers: withDefault(Type.Integer({ minimum: 1, maximum: 256 }), workers),
    }),
    { capacity, workers },
  );

export const Config = strict({
  profile: withDefault(Type.Union([Type.Literal("embedded"), Type.Literal("production")]), "embedded"),
  /** Gateway port (env PORT). */
  port: withDefault(Type.Integer({ minimum: 0, maximum: 65535 }), 8080),
  host: withDefault(Type.String(), "0.0.0.0"),
  /** Proxies whose X-Forwarded-For the gateway believes (comma-separated IPs/CIDRs or loopback, uniquelocal). */
  trustProxy: withDefault(Type.String(), "loopback"),
  /** SQLite files and other local state (env DATA_DIR). */
  dataDir: withDefault(Type.String(), "./data"),
  logLevel: withDefault(
    Type.Union([
      Type.Literal("fatal"),
      Type.Literal("error"),
      Type.Literal("warn"),
      Type.Literal("info"),
      Type.Literal("debug"),
      Type.Literal("trace"),
      Type.Literal("silent"),
    ]),
    "info",
  ),
  ids: withDefault(
    strict({
      /** -1: lease a free worker id (Redis with redisUrl, else the SQL platform database); 0–1022 pins one. */
      workerId: withDefault(Type.Integer({ minimum: -1, maximum: 1022 }), -1),
      /** A dead process's worker id becomes free this long after its last heartbeat. */
      leaseTtlMs: withDefault(Type.Integer({ minimum: 1000 }), 10_000),
    }),
    { workerId: -1, leaseTtlMs: 10_000 },
  ),
  database: withDefault(DatabaseConfig, {
    dialect: "sqlite",
    url: "",
    databasePrefix: "bookstore_",
    poolSize: 10,
    replicaUrls: [],
    replicaLag: { freshMs: 100, maxLagMs: 500, probeIntervalMs: 100, readYourWritesMs: 2_000 },
  }),
  /** Empty: in-process cache and SQL-backed carts (embedded). */
  redisUrl: withDefault(Type.String(), ""),
  auth: withDefault(AuthConfig, {
    jwtSecret: "",
    accessTtlSeconds: 900,
    refreshTtlSeconds: 30 * 24 * 3600,
    loginMaxFailures: 10,
    loginWindowSeconds: 900,
    registerPerHour: 100,
  }),
  payments: withDefault(PaymentsConfig, { hmacSecret: "", callbackUrl: "", callbackDelayMs: 200 }),
  orders: withDefault(
    strict({
      paymentTimeoutSeconds: withDefault(Type.Integer({ minimum: 1 }), 900),
      maxLinesPerOrder: withDefault(Type.Integer({ minimum: 1 }), 50),
      /** Metric cart_abandonment_ratio: carts created this long ago or less, and how many of them became orders. */
      cartAbandonmentWindowMs: withDefault(Type.Integer({ minimum: 1_000 }), 3_600_000),
    }),
    { paymentTimeoutSeconds: 900, maxLinesPerOrder: 50, cartAbandonmentWindowMs: 3_600_000 },
  ),
  /** Job queues (packages/platform/src/jobs): BullMQ with redisUrl, else the owning service's SQL job table. */
  jobs: withDefault(
    strict({
      /** SQL backend: how often an idle worker looks for due jobs (delayed jobs run at most this late). */
      pollIntervalMs: withDefault(Type.Integer({ minimum: 10 }), 500),
      /** A running job's lease (SQL) or lock (BullMQ): a worker that dies frees its jobs this long after. */
      leaseMs: withDefault(Type.Integer({ minimum: 1000 }), 30_000),
      /** Durable jobs run at once per process and queue. */
      concurrency: withDefault(Type.Integer({ minimum: 1, maximum: 256 }), 4),
      /** In-process pool size for latency-sensitive kinds. */
      localConcurrency: withDefault(Type.Integer({ minimum: 1, maximum: 256 }), 8),
      /** Completed jobs are kept this long for stats, then pruned. */
      keepCompletedMs: withDefault(Type.Integer({ minimum: 0 }), 24 * 3600 * 1000),
      /** Safety-net sweep for work a lost job would have done (unpaid orders); the jobs do it on time. */
      safetySweepIntervalMs: withDefault(Type.Integer({ minimum: 1000 }), 60_000),
    }),
    {
      pollIntervalMs: 500,
      leaseMs: 30_000,
      concurrency: 4,
      localConcurrency: 8,
      keepCompletedMs: 24 * 3600 * 1000,
      safetySweepIntervalMs: 60_000,
    },
  ),
  cache: withDefault(
    strict({
      /** L1 (in-process LRU) capacity; remembered unknown ids have their own LRU of the same size. */
      maxEntries: withDefault(Type.Integer({ minimum: 1 }), 10_000),
      /** L1 TTL of a book detail; 0 turns L1 off. */
      bookTtlMs: withDefault(Type.Integer({ minimum: 0 }), 5_000),
      /** L2 (Redis, only with redisUrl) TTL of a book detail; 0 turns L2 off. */
      l2TtlMs: withDefault(Type.Integer({ minimum: 0 }), 5_000),
      /** An unknown id is answered 404 from the cache (L1 and L2) this long; 0 turns negative caching off. */
      negativeTtlMs: withDefault(Type.Integer({ minimum: 0 }), 5_000),
    }),
    { maxEntries: 10_000, bookTtlMs: 5_000, l2TtlMs: 5_000, negativeTtlMs: 5_000 },
  ),
  /** Distributed mode: where each service listens and is reached. */
  services: withDefault(
    strict({
      user: ServiceEndpoint,
      catalog: ServiceEndpoint,
      order: ServiceEndpoint,
      search: ServiceEndpoint,
      recommendation: ServiceEndpoint,
    }),
    {
      user: { port: 9101, url: "http://127.0.0.1:9101" },
      catalog: { port: 9102, url: "http://127.0.0.1:9102" },
      order: { port: 9103, url: "http://127.0.0.1:9103" },
      search: { port: 9104, url: "http://127.0.0.1:9104" },
      recommendation: { port: 9105, url: "http://127.0.0.1:9105" },
    },
  ),
  /** Listing engine (catalog): two bounded queues with their own workers, so high priority never waits behind normal. */
  listing: withDefault(
    strict({
      high: listingQueue(100, 3),
      normal: listingQueue(500, 8),
      /** A task not finished this long after it was queued fails with reason "timeout". */
      taskTimeoutMs: withDefault(Type.Integer({ minimum: 10 }), 3_000),
      /** Most stock upserts grouped into one transaction. */
      batchSize: withDefault(Type.Integer({ minimum: 1, maximum: 1_000 }), 100),
      maxItemsPerRequest: withDefault(Type.Integer({ minimum: 1, maximum: 1_000 }), 100),
      /** Sent with 429 QUEUE_FULL. */
      retryAfterSeconds: withDefault(Type.Integer({ minimum: 1 }), 1),
      /** How often queued/running task records left by a dead process are failed ("interrupted"). */
      sweepIntervalMs: withDefault(Type.Integer({ minimum: 100 }), 10_000),
      /** Finished task records are deleted this long after they finished. */
      retentionHours: withDefault(Type.Integer({ minimum: 1 }), 24),
    }),
    {
      high: { capacity: 100, workers: 3 },
      normal: { capacity: 500, workers: 8 },
      taskTimeoutMs: 3_000,
      batchSize: 100,
      maxItemsPerRequest: 100,
      retryAfterSeconds: 1,
      sweepIntervalMs: 10_000,
      retentionHours: 24,
    },
  ),
  /** Flash sales (order service): purchase queue worker and sale limits. */
  flashSales: withDefault(
    strict({
      /** How often the order worker polls the purchase queue (an accepted purchase also wakes it at once). */
      pollMs: withDefault(Type.Integer({ minimum: 10 }), 200),
      /** Purchases turned into orders per worker batch. */
      batchSize: withDefault(Type.Integer({ minimum: 1, maximum: 1000 }), 200),
      /** Units one sale may hold (each is one catalog reservation made when the sale is created). */
      maxQuantity: withDefault(Type.Integer({ minimum: 1, maximum: 100_000 }), 10_000),
      /** Catalog reservations in flight while a sale's units are put aside. */
      reserveConcurrency: withDefault(Type.Integer({ minimum: 1, maximum: 64 }), 8),
      /** After a sale ends, wait this long before giving its unsold units back to the catalog. */
      releaseGraceSeconds: withDefault(Type.Integer({ minimum: 0 }), 60),
      /** How often the worker looks for ended sales with units to give back. */
      releaseEveryMs: withDefault(Type.Integer({ minimum: 100 }), 10_000),
    }),
    { pollMs: 200, batchSize: 200, maxQuantity: 10_000, reserveConcurrency: 8, releaseGraceSeconds: 60, releaseEveryMs: 10_000 },
  ),
  /** Place-order saga (order service): persistent log, recovery of sagas left by a dead process, outbox relay. */
  saga: withDefault(
    strict({
      /** A running or compensating saga not touched this long belongs to a dead process and is compensated. */
      leaseMs: withDefault(Type.Integer({ minimum: 100 }), 30_000),
      /** How often the order service looks for such sagas (also once at start). */
      recoveryIntervalMs: withDefault(Type.Integer({ minimum: 50 }), 5_000),
      /** Recovery attempts before a saga is marked failed (metric + log, for an operator). */
      maxAttempts: withDefault(Type.Integer({ minimum: 1 }), 20),
      /** Outbox relay poll interval (each write also kicks it) and batch size. */
      outboxIntervalMs: withDefault(Type.Integer({ minimum: 10 }), 500),
      outboxBatchSize: withDefault(Type.Integer({ minimum: 1, maximum: 1_000 }), 100),
      /** Tests only: pause between "stock reserved" and "freeze coupon", so a test can kill the process there. */
      testPauseAfterReserveMs: withDefault(Type.Integer({ minimum: 0 }), 0),
    }),
    { leaseMs: 30_000, recoveryIntervalMs: 5_000, maxAttempts: 20, outboxIntervalMs: 500, outboxBatchSize: 100, testPauseAfterReserveMs: 0 },
  ),
  /** Catalog outbox relay (book.* and stock.changed events) and the search index's catch-up poll of the change feed. */
  catalogEvents: withDefault(
    strict({
      /** Relay poll interval (every committed write also kicks it at once) and rows per pass. */
      relayIntervalMs: withDefault(Type.Integer({ minimum: 10 }), 500),
      relayBatchSize: withDefault(Type.Integer({ minimum: 1, maximum: 1_000 }), 200),
      /** Search re-reads the change feed this often even without events (missed events, other processes' writes). */
      searchResyncMs: withDefault(Type.Integer({ minimum: 50 }), 2_000),
    }),
    { relayIntervalMs: 500, relayBatchSize: 200, searchResyncMs: 2_000 },
  ),
  /** Gateway request limits per minute (Redis-backed with redisUrl, so shared by every gateway); 429 beyond them. */
  rateLimit: withDefault(
    strict({
      enabled: withDefault(Type.Boolean(), true),
      perIpPerMinute: withDefault(Type.Integer({ minimum: 1 }), 1_200),
      perUserPerMinute: withDefault(Type.Integer({ minimum: 1 }), 600),
      /** POST /auth/login, /register, /refresh, /logout per IP: the brute-force guard on top of auth.loginMaxFailures. */
      authPerIpPerMinute: withDefault(Type.Integer({ minimum: 1 }), 30),
    }),
    { enabled: true, perIpPerMinute: 1_200, perUserPerMinute: 600, authPerIpPerMinute: 30 },
  ),
  /** Circuit breakers on the gateway's optional calls (book detail: stock, recommendations). */
  breakers: withDefault(
    strict({
      timeoutMs: withDefault(Type.Integer({ minimum: 1 }), 800),
      maxConcurrent: withDefault(Type.Integer({ minimum: 1 }), 20),
      errorThresholdPercent: withDefault(Type.Integer({ minimum: 1, maximum: 100 }), 50),
      volumeThreshold: withDefault(Type.Integer({ minimum: 1 }), 20),
      resetTimeoutMs: withDefault(Type.Integer({ minimum: 1 }), 30_000),
      windowMs: withDefault(Type.Integer({ minimum: 100 }), 10_000),
    }),
    { timeoutMs: 800, maxConcurrent: 20, errorThresholdPercent: 50, volumeThreshold: 20, resetTimeoutMs: 30_000, windowMs: 10_000 },
  ),
  /** Fault injection for resilience tests and benchmarks (never set in production). */
  faults: withDefault(
    strict({
      /** RPC method names (e.g. "BatchGetStock") this process's services never answer, like a wedged dependency. */
      stallRpcs: withDefault(Type.Array(Type.String()), []),
    }),
    { stallRpcs: [] },
  ),
  /** OpenTelemetry traces; off by default (then every span call is a no-op). */
  tracing: withDefault(
    strict({
      enabled: withDefault(Type.Boolean(), false),
      /** OTLP/HTTP traces endpoint, e.g. http://127.0.0.1:4318/v1/traces; empty = trace without exporting. */
      otlpUrl: withDefault(Type.String(), ""),
      sampleRatio: withDefault(Type.Number({ minimum: 0, maximum: 1 }), 1),
      /** Longest a finished span waits in the batch before it is sent to otlpUrl (tests shorten it). */
      exportDelayMs: withDefault(Type.Integer({ minimum: 1 }), 5_000),
    }),
    { enabled: false, otlpUrl: "", sampleRatio: 1, exportDelayMs: 5_000 },
  ),
  /** Recommendation service: behaviour events and the item model. */
  recommendation: withDefault(
    strict({
      /** POST /events per signed-in user (gateway, on top of rateLimit.perUserPerMinute); 429 beyond it. */
      eventsPerUserPerMinute: withDefault(Type.Integer({ minimum: 1 }), 120),
      /** The item model is rebuilt from the stored events this often (and at start); events update it in between. */
      modelRebuildIntervalMs: withDefault(Type.Integer({ minimum: 1_000 }), 3_600_000),
      /** Events older than this are left out of the item model. */
      modelWindowDays: withDefault(Type.Integer({ minimum: 1 }), 180),
      /** An event this old counts half as much as a fresh one (item model and a user's taste). */
      halfLifeDays: withDefault(Type.Number({ exclusiveMinimum: 0 }), 30),
      /** Neighbours kept per book (top-K): bounds the model's memory. */
      neighboursPerBook: withDefault(Type.Integer({ minimum: 1, maximum: 500 }), 50),
      /** How often the service reads the catalog's change feed (titles, authors, categories, deletions). */
      catalogSyncMs: withDefault(Type.Integer({ minimum: 50 }), 5_000),
    }),
    {
      eventsPerUserPerMinute: 120,
      modelRebuildIntervalMs: 3_600_000,
      modelWindowDays: 180,
      halfLifeDays: 30,
      neighboursPerBook: 50,
      catalogSyncMs: 5_000,
    },
  ),
  /** Search service: hot keywords and the index snapshot. */
  search: withDefault(
    strict({
      /** Distinct hot keywords kept per window in memory (embedded); the least searched beyond it are dropped. */
      hotMaxKeywords: withDefault(Type.Integer({ minimum: 10 }), 10_000),
      /** With redisUrl: members kept per hot-keyword bucket (a sorted set per minute or hour, trimmed on each flush). */
      hotMaxKeywordsPerBucket: withDefault(Type.Integer({ minimum: 10 }), 1_000),
      /** With redisUrl: this process's searches reach the shared hot-keyword counts this often. */
      hotFlushIntervalMs: withDefault(Type.Integer({ minimum: 10 }), 1_000),
      /**
       * Index snapshot (index, suggest table, recent sales, change-feed cursor): loaded at start, then only later
       * changes are applied. Empty = `<dataDir>/search-index.snapshot`; "off" = none (rebuilt from the catalog).
       */
      snapshotPath: withDefault(Type.String(), ""),
      /** A changed index is saved this often, and at shutdown. */
      snapshotIntervalMs: withDefault(Type.Integer({ minimum: 1_000 }), 300_000),
    }),
    {
      hotMaxKeywords: 10_000,
      hotMaxKeywordsPerBucket: 1_000,
      hotFlushIntervalMs: 1_000,
      snapshotPath: "",
      snapshotIntervalMs: 300_000,
    },
  ),
  /** Service discovery and leader election on etcd (env ETCD_URL); without it, `services.*.url` are used. */
  discovery: withDefault(
    strict({
      /** etcd client URLs, comma-separated (http://host:2379,...); empty = static addresses from `services`. */
      etcdUrl: withDefault(Type.String(), ""),
      /** Key prefix for registrations (`<prefix>services/<name>/<instance>`) and elections (`<prefix>elections/`). */
      prefix: withDefault(Type.String(), "/bookstore/"),
      /** Lease TTL: a crashed instance disappears from every client, and a dead leader is replaced, within this. */
      leaseTtlSeconds: withDefault(Type.Integer({ minimum: 2, maximum: 300 }), 10),
      /** Address other processes use to reach this instance; empty = http://<host or 127.0.0.1>:<listening port>. */
      advertiseUrl: withDefault(Type.String(), ""),
    }),
    { etcdUrl: "", prefix: "/bookstore/", leaseTtlSeconds: 10, advertiseUrl: "" },
  ),
  /** Graceful shutdown of `bookstore serve` on SIGTERM/SIGINT (readiness off, deregister, drain, close pools). */
  shutdown: withDefault(
    strict({
      /** The whole shutdown is bounded by this; past it the process exits 1 with whatever is still open. */
      timeoutMs: withDefault(Type.Integer({ minimum: 100 }), 10_000),
      /** After leaving etcd and readiness, keep serving this long so callers that have not noticed yet move away. */
      drainDelayMs: withDefault(Type.Integer({ minimum: 0 }), 1_000),
    }),
    { timeoutMs: 10_000, drainDelayMs: 1_000 },
  ),
  /** Live updates over WebSocket /ws on the gateway. */
  live: withDefault(
    strict({
      /** A socket that has not sent {"type":"auth"} by then is closed with 4401. */
      authTimeoutMs: withDefault(Type.Integer({ minimum: 100 }), 5_000),
      /** Server ping interval; a client that misses a pong by the next ping is closed. */
      heartbeatIntervalMs: withDefault(Type.Integer({ minimum: 100 }), 15_000),
      /** A client with more unsent bytes than this is too slow and is closed (1013) instead of buffered without bound. */
      maxBufferedBytes: withDefault(Type.Integer({ minimum: 1_024 }), 1_048_576),
    }),
    { authTimeoutMs: 5_000, heartbeatIntervalMs: 15_000, maxBufferedBytes: 1_048_576 },
  ),
  /** Hot reload of the config file (reloadable keys only; the rest need a restart). */
  configReload: withDefault(
    strict({
      /** Re-read the --config file when it changes. */
      watchFile: withDefault(Type.Boolean(), true),
      /** HMAC key of POST /api/v1/admin/config/webhook (X-Hub-Signature-256); empty = webhook off. Secret. */
      webhookSecret: withDefault(Type.String(), ""),
      /** With discovery.etcdUrl: an etcd key holding YAML overrides; a change to it reloads. Empty = off. */
      etcdKey: withDefault(Type.String(), ""),
    }),
    { watchFile: true, webhookSecret: "", etcdKey: "" },
  ),
  /** Feature switches, hot-reloadable: turning one off removes that feature without a restart (README "Configuration and hot reload"). */
  features: withDefault(
    strict({
      /** GET /books/{id} fetches "also viewed" books from the recommendation service; off: `recommendations` is [] and no call is made. */
      recommendationsOnBookDetail: withDefault(Type.Boolean(), true),
      /** Flash-sale purchases and new sales; off: POST /flash-sales/{id}/purchase and POST /admin/flash-sales answer 503 UNAVAILABLE. */
      flashSales: withDefault(Type.Boolean(), true),
      /** GET /search/hot lists hot keywords; off: it answers {"keywords": []} (searches are still counted). */
      hotKeywords: withDefault(Type.Boolean(), true),
    }),
    { recommendationsOnBookDetail: true, flashSales: true, hotKeywords: true },
  ),
  /** Demo users and books are loaded into an empty database at start (embedded default). */
  seedDemo: withDefault(Type.Boolean(), true),
});
export type Config = Static<typeof Config>;
