// bench:api — GET /api/v1/books/{id} on the all-in-one server (warm cache) vs a bare node:http server serving the
// same bodies, measured in one run, alternating rounds, and printed as a ratio (target ≥ 0.85).
// Servers are pinned to CPU 0 and autocannon to CPU 1 when `taskset` exists, so each side gets one core.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@bookstore/platform/testing";
import { hasTaskset, pinned, pinSelf, versusBare, waitFor } from "./support/versus-bare.js";

const ROUNDS = Number(process.env["ROUNDS"] ?? 3);
const SECONDS = Number(process.env["SECONDS"] ?? 5);
const CONNECTIONS = Number(process.env["CONNECTIONS"] ?? 50);
const root = join(import.meta.dirname, "..");

async function main(): Promise<void> {
  pinSelf();
  const dir = mkdtempSync(join(tmpdir(), "bookstore-bench-"));
  const children: ChildProcess[] = [];
  try {
    const appPort = await freePort();
    children.push(
      pinned(process.execPath, [join(root, "apps/bookstore/bin/bookstore.mjs"), "start"], {
        PORT: String(appPort), DATA_DIR: join(dir, "data"), BOOKSTORE_LOG_LEVEL: "warn", BOOKSTORE_CACHE__BOOK_TTL_MS: "60000",
        // One load generator stands in for many clients: limits stay on (their cost is measured) but never trip.
        BOOKSTORE_RATE_LIMIT__PER_IP_PER_MINUTE: "100000000", BOOKSTORE_RATE_LIMIT__PER_USER_PER_MINUTE: "100000000", BOOKSTORE_RATE_LIMIT__AUTH_PER_IP_PER_MINUTE: "100000000",
      }),
    );
    const app = `http://127.0.0.1:${appPort}`;
    await waitFor(`${app}/api/v1/books?size=1`);
    const list = (await (await fetch(`${app}/api/v1/books?size=100`)).json()) as { items: { id: string }[] };
    const paths = list.items.map((b) => `/api/v1/books/${b.id}`);
    const bodies: Record<string, unknown> = {};
    for (const b of list.items) bodies[b.id] = await (await fetch(`${app}/api/v1/books/${b.id}`)).json(); // warms the cache
    writeFileSync(join(dir, "books.json"), JSON.stringify(bodies));

    const basePort = await freePort();
    children.push(pinned(process.execPath, [join(root, "bench/baseline-server.mjs")], { PORT: String(basePort), BOOKS_FILE: join(dir, "books.json") }));
    const base = `http://127.0.0.1:${basePort}`;
    await waitFor(`${base}${paths[0] ?? ""}`);

    console.log(`# bench:api ${new Date().toISOString()} node ${process.version}; ${ROUNDS} rounds x ${SECONDS}s, ${CONNECTIONS} connections, ${paths.length} ids; pinned=${hasTaskset}`);
    await versusBare({ url: app, pid: children[0]?.pid }, { url: base, pid: children[1]?.pid }, paths, {
      rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, target: 0.85,
    });
  } finally {
    for (const c of children) c.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
