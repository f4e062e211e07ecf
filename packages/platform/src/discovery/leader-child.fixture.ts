// Test fixture run as a child process: campaigns in election argv[3] on etcd argv[2] (TTL argv[4] s) through the
// same createDiscovery path `bookstore serve` uses, and prints "elected" / "stepped-down" lines as leadership changes.
import { loadConfig } from "../config/index.js";
import { createLogger } from "../logger/index.js";
import { createMetrics } from "../metrics/index.js";
import { createDiscovery } from "./discovery.js";

const [etcdUrl = "", election = "", ttl = "2", prefix = "/bookstore/"] = process.argv.slice(2);
const config = loadConfig({
  env: { ETCD_URL: etcdUrl, BOOKSTORE_DISCOVERY__LEASE_TTL_SECONDS: ttl, BOOKSTORE_DISCOVERY__PREFIX: prefix },
});
const discovery = createDiscovery(config, { logger: createLogger({ level: "silent", name: "leader-child" }), metrics: createMetrics(), version: "test" });
discovery.runAsLeader(election, async (signal) => {
  process.stdout.write(`elected ${process.pid}\n`);
  await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  process.stdout.write(`stepped-down ${process.pid}\n`);
});
process.stdout.write(`campaigning ${process.pid}\n`);
process.once("SIGTERM", () => {
  void discovery.close().then(() => process.exit(0));
});
