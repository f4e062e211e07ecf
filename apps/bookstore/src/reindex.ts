import type { Config } from "@bookstore/platform/config";
import { grpcTransport, InProcessTransports, type Transport } from "@bookstore/platform/rpc";
import type { ServiceHandle } from "@bookstore/platform/runtime";
import { buildCatalogService } from "@bookstore/catalog/main";
import { reindexSearch, type ReindexProgress } from "@bookstore/search/reindex";
import { createRuntime } from "./runtime.js";

const BAR_WIDTH = 30;
/** Without a terminal, a plain line at every tenth of the way (logs and CI keep them readable). */
const PLAIN_STEPS = 10;

/** Where progress goes: a redrawn bar on a terminal, plain lines otherwise. */
export interface ProgressOutput {
  isTTY?: boolean | undefined;
  write(text: string): unknown;
}

/** Renders rebuild progress on stderr: one bar redrawn in place on a TTY, a line per tenth elsewhere. */
export function progressReporter(out: ProgressOutput, startedAt = performance.now()): (p: ReindexProgress) => void {
  let lastStep = -1;
  return ({ applied, expected }) => {
    const fraction = expected > 0 ? Math.min(1, applied / expected) : 1;
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    const counts = `${applied.toLocaleString("en")}/${expected.toLocaleString("en")} books`;
    if (out.isTTY) {
      const filled = Math.round(fraction * BAR_WIDTH);
      out.write(`\r\x1b[2K[${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}] ${Math.floor(fraction * 100)}% ${counts} ${seconds} s`);
      return;
    }
    const step = Math.floor(fraction * PLAIN_STEPS);
    if (step === lastStep) return;
    lastStep = step;
    out.write(`reindex: ${Math.floor(fraction * 100)}% ${counts} ${seconds} s\n`);
  };
}

/**
 * `bookstore reindex`: rebuilds the search index snapshot from the catalog. The catalog is this process's own
 * (built on the configured database) in the embedded profile, the catalog service's gRPC address in production.
 */
export async function runReindex(config: Readonly<Config>): Promise<void> {
  const embedded = config.profile === "embedded";
  let transports: InProcessTransports | undefined;
  const rt = await createRuntime(config, "bookstore-reindex", (service): Transport => {
    if (service !== "catalog") throw new Error(`reindex reaches only the catalog, not ${service}`);
    if (!embedded) return grpcTransport(config.services.catalog.url);
    if (!transports) throw new Error("the in-process catalog is not built yet");
    return transports.transportFor("catalog");
  });
  let catalog: ServiceHandle | undefined;
  try {
    if (embedded) {
      const local = new InProcessTransports(rt.logger, rt.metrics);
      transports = local;
      const handle = await buildCatalogService(config, rt);
      catalog = handle;
      local.register("catalog", (router) => handle.routes(router));
    }
    const result = await reindexSearch(config, rt, progressReporter(process.stderr));
    if (process.stderr.isTTY) process.stderr.write("\n");
    const sales = result.booksWithSales > 0 ? `; recent sales of ${result.booksWithSales} books carried over` : "";
    console.log(`reindexed ${result.books} books into ${result.path}${sales}`);
  } finally {
    await catalog?.close();
    await rt.close();
  }
}
