import { parseArgs } from "node:util";
import { loadConfig, ConfigError, SERVICE_NAMES, type ServiceName } from "@bookstore/platform/config";
import { startAllInOne } from "./all-in-one.js";
import { ensureWebBuilt } from "../../web/tools/ensure-web-build.js";
import { serveOne } from "./serve.js";
import { runMaintenance } from "./seed.js";
import { runReindex } from "./reindex.js";
import { runClusterCommand } from "./cluster/cluster-command.js";
import { startTracing, type Tracing } from "@bookstore/platform/tracing";

const USAGE = `usage: bookstore <command> [--config file.yaml]
  start                 gateway + all services in one process (embedded profile), demo data on first start
  serve <service>       one of: gateway, ${SERVICE_NAMES.join(", ")} (gRPC over HTTP/2; peers from etcd with ETCD_URL, else from config)
  migrate               run database migrations for every service
  seed [--demo]         seed empty databases: --demo loads demo users and books; otherwise only an admin
                        whose password comes from BOOKSTORE_ADMIN_PASSWORD
  reindex               rebuild the search index snapshot from the catalog (progress on stderr); search loads it
                        at its next start
  cluster up|status|down  the production topology on this machine (MariaDB, Redis Cluster, etcd, services x2,
                        gateways x2, nginx); \`bookstore cluster --help\`
environment: PORT, DATA_DIR, DATABASE_URL, REDIS_URL, ETCD_URL, BOOKSTORE_<SECTION>__<KEY> (see README)`;

/** The only place that reads process.env and argv. */
async function main(argv: string[]): Promise<void> {
  // Its own flags and no service config: it starts, probes and stops other processes, then exits.
  if (argv[0] === "cluster") process.exit(await runClusterCommand(argv.slice(1), process.env));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { config: { type: "string" }, demo: { type: "boolean", default: false }, help: { type: "boolean" } },
  });
  const [command, target] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  const file = values.config ?? process.env["BOOKSTORE_CONFIG"];
  const config = loadConfig({ env: process.env, file });
  // Registered before anything runs, so the first request is traced too.
  const tracing: Tracing | undefined =
    config.tracing.enabled && (command === "start" || command === "serve")
      ? startTracing({
        serviceName: command === "start" ? "bookstore" : (target ?? "bookstore"),
        otlpUrl: config.tracing.otlpUrl,
        sampleRatio: config.tracing.sampleRatio,
        exportDelayMs: config.tracing.exportDelayMs,
      })
      : undefined;
  const andTracing = (close: () => Promise<void>) => async () => {
    await close();
    await tracing?.shutdown();
  };
  switch (command) {
    case "start": {
      // Storefront and admin console: built on first start or after a source edit, otherwise only a stat walk.
      await ensureWebBuilt((msg) => console.log(msg));
      const running = await startAllInOne(config, { env: process.env, file });
      onShutdown(andTracing(() => running.close()), config.shutdown.timeoutMs);
      return;
    }
    case "serve": {
      const names: readonly string[] = [...SERVICE_NAMES, "gateway"];
      if (!target || !names.includes(target)) throw new UsageError(`serve needs one of: ${names.join(", ")}`);
      const running = await serveOne(config, target as ServiceName | "gateway", { env: process.env, file });
      onShutdown(andTracing(() => running.close()), config.shutdown.timeoutMs);
      return;
    }
    case "migrate":
      await runMaintenance({ ...config, seedDemo: false }, { seed: false });
      console.log("migrations applied");
      return;
    case "reindex":
      await runReindex(config);
      return;
    case "seed":
      await runMaintenance(config, { seed: true, demo: values.demo, adminPassword: process.env["BOOKSTORE_ADMIN_PASSWORD"] });
      console.log(values.demo ? "demo data seeded" : "admin seeded");
      return;
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

class UsageError extends Error {}

/** Graceful shutdown on SIGTERM/SIGINT, bounded: a drain that hangs must not keep an orchestrator waiting forever. */
function onShutdown(close: () => Promise<void>, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: shutting down`);
    setTimeout(() => {
      console.error(`shutdown did not finish within ${timeoutMs} ms (shutdown.timeoutMs); exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof ConfigError) console.error(e.message);
  else if (e instanceof UsageError) console.error(`${e.message}\n\n${USAGE}`);
  else console.error(e);
  process.exit(1);
});
