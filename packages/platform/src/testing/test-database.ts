import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type Database, type MigrationsFor, type SqlDialect } from "../db/index.js";
import { createLogger } from "../logger/index.js";
import { hasMariadb, hasRedis, servicesRequired, startMariadb, startRedis, type TestServer } from "./servers.js";
import { openRedis, type RedisResource } from "../kv/index.js";

/** SQLite always; MariaDB when installed, or always under REQUIRE_SERVICES=1 (then a missing server fails). */
export const testDialects: SqlDialect[] = hasMariadb() || servicesRequired ? ["sqlite", "mysql"] : ["sqlite"];
export const redisAvailable = hasRedis() || servicesRequired;

let databaseCounter = 0;

/**
 * Registers beforeAll/afterAll that open a freshly migrated database for this describe block:
 * a temp SQLite file, or a new database on a throwaway MariaDB started for it.
 */
export function useTestDatabase<DB>(dialect: SqlDialect, service: string, migrations: MigrationsFor): { readonly db: Database<DB> } {
  let database: Database<DB> | undefined;
  let server: TestServer | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    const logger = createLogger({ level: "silent", name: "test" });
    if (dialect === "sqlite") {
      dir = mkdtempSync(join(tmpdir(), "bookstore-sqlite-"));
      database = await openDatabase<DB>({
        service, config: { dialect, url: "", databasePrefix: "", poolSize: 1 }, dataDir: dir, migrations, logger,
      });
    } else {
      server = await startMariadb();
      database = await openDatabase<DB>({
        service, config: { dialect, url: server.url, databasePrefix: "", poolSize: 20 }, dataDir: "", migrations, logger,
        mysqlDatabase: `t${process.pid}_${++databaseCounter}_${service}`,
      });
    }
  });
  afterAll(async () => {
    await database?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get db() {
      if (!database) throw new Error("test database not open yet (use it inside tests)");
      return database;
    },
  };
}

/** A throwaway redis-server for this describe block, with a connected client. */
export function useTestRedis(): { readonly redis: RedisResource; readonly url: string } {
  let server: TestServer | undefined;
  let resource: RedisResource | undefined;
  beforeAll(async () => {
    server = await startRedis();
    resource = await openRedis(server.url);
  });
  afterAll(async () => {
    await resource?.close();
    await server?.stop();
  });
  return {
    get redis() {
      if (!resource) throw new Error("test redis not started yet");
      return resource;
    },
    get url() {
      if (!server) throw new Error("test redis not started yet");
      return server.url;
    },
  };
}
