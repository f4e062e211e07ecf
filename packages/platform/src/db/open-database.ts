import { mkdirSync } from "node:fs";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { createPool as createMysqlPool } from "mysql2";
import { createConnection } from "mysql2/promise";
import { Kysely, Migrator, MysqlDialect, SqliteDialect, sql, type Migration, type LogEvent } from "kysely";
import type { DatabaseConfig } from "../config/index.js";
import type { Logger } from "../logger/index.js";
import type { Metrics } from "../metrics/index.js";

export type SqlDialect = "sqlite" | "mysql";

/** Migrations are written once with the Kysely schema builder; `dialect` is there for the rare statement that differs. */
export type MigrationsFor = (dialect: SqlDialect) => Record<string, Migration>;

export interface Database<DB> {
  readonly name: string;
  readonly db: Kysely<DB>;
  readonly dialect: SqlDialect;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenDatabaseInput {
  /** Owning service: names the SQLite file / MySQL database and labels metrics. */
  service: string;
  config: DatabaseConfig;
  dataDir: string;
  migrations: MigrationsFor;
  logger: Logger;
  metrics?: Metrics;
  /** Tests point at a temp file or a throwaway server's database. */
  sqliteFile?: string;
  mysqlDatabase?: string;
}

export async function openDatabase<DB>(input: OpenDatabaseInput): Promise<Database<DB>> {
  const counter = input.metrics?.dbQueries.labels({ service: input.service });
  const log = (event: LogEvent) => {
    counter?.inc();
    if (event.level === "error") input.logger.debug({ err: event.error, sql: event.query.sql }, "query failed");
  };
  const dialect = input.config.dialect;
  let db: Kysely<DB>;
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
    db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }), log });
  } else {
    const database = input.mysqlDatabase ?? `${input.config.databasePrefix}${input.service}`;
    const admin = await createConnection({ uri: input.config.url });
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    const pool = createMysqlPool({
      uri: input.config.url,
      database,
      connectionLimit: input.config.poolSize,
      supportBigNumbers: true,
      bigNumberStrings: true, // BIGINT ids arrive as exact strings
      timezone: "Z",
      charset: "utf8mb4_unicode_ci",
    });
    db = new Kysely<DB>({ dialect: new MysqlDialect({ pool }), log });
  }
  await migrateToLatest(db, input.migrations(dialect));
  let closed = false;
  return {
    name: `db:${input.service}`,
    db,
    dialect,
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
      await db.destroy();
    },
  };
}

async function migrateToLatest<DB>(db: Kysely<DB>, migrations: Record<string, Migration>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`migration ${failed} failed: ${String(error)}`, { cause: error });
  }
}
