import { mkdirSync } from "node:fs";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { createPool as createMysqlPool } from "mysql2";
import { createConnection } from "mysql2/promise";
import { Kysely, Migrator, MysqlDialect, SqliteDialect, sql, type Migration, type LogEvent, type SqliteDatabase } from "kysely";
import type { DatabaseConfig } from "../config/index.js";
import type { Logger } from "../logger/index.js";
import type { Metrics } from "../metrics/index.js";
import { recordFinishedSpan } from "../tracing/index.js";
import { DEFAULT_LAG_POLICY, LagAwareRouter, type ReadContext, type RunAsLeader } from "./lag-aware-router.js";

export type SqlDialect = "sqlite" | "mysql";

/** Migrations are written once with the Kysely schema builder; `dialect` is there for the rare statement that differs. */
export type MigrationsFor = (dialect: SqlDialect) => Record<string, Migration>;

export interface Database<DB> {
  readonly name: string;
  /** The primary: every write, every transaction, and reads that must see the latest data. */
  readonly db: Kysely<DB>;
  readonly dialect: SqlDialect;
  /** Where a plain read may go: a fresh replica when there is one (mysql with replicaUrls), else the primary. */
  reader(ctx?: ReadContext): Kysely<DB>;
  /** After a user's write commits, so their next reads go to the primary (read-your-writes). */
  noteWrite(userId: string): void;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenDatabaseInput {
  /** Owning service: names the SQLite file / MySQL database and labels metrics. */
  service: string;
  config: Pick<DatabaseConfig, "dialect" | "url" | "databasePrefix" | "poolSize"> &
    Partial<Pick<DatabaseConfig, "replicaUrls" | "replicaLag">>;
  dataDir: string;
  migrations: MigrationsFor;
  logger: Logger;
  metrics?: Metrics;
  /** Runtime.runAsLeader: with replicas, only the elected instance writes the lag heartbeat. Absent: this one does. */
  runAsLeader?: RunAsLeader | undefined;
  /** Tests point at a temp file or a throwaway server's database. */
  sqliteFile?: string;
  mysqlDatabase?: string;
}

export async function openDatabase<DB>(input: OpenDatabaseInput): Promise<Database<DB>> {
  const counter = input.metrics?.dbQueries.labels({ service: input.service });
  const log = (event: LogEvent) => {
    counter?.inc();
    recordFinishedSpan(`db ${input.service}`, event.queryDurationMillis, {
      "db.system.name": input.config.dialect === "mysql" ? "mariadb" : "sqlite",
      "db.namespace": input.service,
      "db.query.text": event.query.sql, // parameterised text only: values never reach a span
      "bookstore.service": input.service,
    }, event.level === "error");
    if (event.level === "error") input.logger.debug({ err: event.error, sql: event.query.sql }, "query failed");
  };
  const dialect = input.config.dialect;
  let db: Kysely<DB>;
  let router: LagAwareRouter<DB> | undefined;
  if (dialect === "sqlite") {
    const file = input.sqliteFile ?? join(input.dataDir, `${input.service}.db`);
    if (file !== ":memory:") mkdirSync(join(file, ".."), { recursive: true });
    const sqlite = new SQLite(file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("foreign_keys = ON");
    // Snowflake ids exceed 2^53: read every INTEGER as bigint, mappings turn them into strings or numbers.
    sqlite.defaultSafeIntegers(true);
    db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log });
  } else {
    const database = input.mysqlDatabase ?? `${input.config.databasePrefix}${input.service}`;
    const admin = await createConnection({ uri: input.config.url });
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    db = mysqlKysely<DB>(input.config.url, database, input.config.poolSize, log);
    const replicaUrls = input.config.replicaUrls ?? [];
    if (replicaUrls.length > 0) {
      const replicas = replicaUrls.map((url, i) => ({ name: `replica${i + 1}`, db: mysqlKysely<DB>(url, database, input.config.poolSize, log) }));
      router = new LagAwareRouter(database, db, replicas, input.config.replicaLag ?? DEFAULT_LAG_POLICY, input.logger, input.metrics?.registry);
    }
  }
  await migrateToLatest(db, input.migrations(dialect));
  await router?.start({ runAsLeader: input.runAsLeader });
  const primary = db;
  let closed = false;
  return {
    name: `db:${input.service}`,
    db,
    dialect,
    reader: (ctx) => (router ? router.reader(ctx) : primary),
    noteWrite: (userId) => router?.noteWrite(userId),
    async ready() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await router?.close();
      for (const r of router?.replicaDbs() ?? []) await r.destroy();
      await db.destroy();
    },
  };
}

function mysqlKysely<DB>(url: string, database: string, poolSize: number, log: (e: LogEvent) => void): Kysely<DB> {
  const pool = createMysqlPool({
    uri: url,
    database,
    connectionLimit: poolSize,
    supportBigNumbers: true,
    bigNumberStrings: true, // BIGINT ids arrive as exact strings
    timezone: "Z",
    charset: "utf8mb4_unicode_ci",
  });
  return new Kysely<DB>({ dialect: new MysqlDialect({ pool }), log });
}

async function migrateToLatest<DB>(db: Kysely<DB>, migrations: Record<string, Migration>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`migration ${failed} failed: ${String(error)}`, { cause: error });
  }
}

/** Prepared statements kept per connection; Kysely's SQLite driver would otherwise prepare every statement it runs. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 statements are reusable, and preparing one costs about as much as running a small query; Kysely
 * asks for a fresh one per execution. Kysely's driver runs one statement at a time per connection (a mutex), so a
 * cached statement is never busy when it is handed out again. Least recently used statements beyond the cap are dropped.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => void sqlite.close(),
    prepare(sqlText: string) {
      let statement = statements.get(sqlText);
      if (statement) {
        statements.delete(sqlText); // re-inserted below: Map order is recency order
      } else {
        statement = sqlite.prepare(sqlText);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
      }
      statements.set(sqlText, statement);
      return statement;
    },
  };
}
