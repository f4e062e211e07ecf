/** Dialect quirks in one place: SQLite (safe integers) gives bigint, mysql2 gives strings for BIGINT and numbers otherwise. */
export type SqlInt = number | bigint | string;

export const toId = (v: SqlInt): string => (typeof v === "string" ? v : v.toString());
export const toNumber = (v: SqlInt): number => (typeof v === "number" ? v : Number(v));
export const toBool = (v: SqlInt | boolean): boolean => (typeof v === "boolean" ? v : toNumber(v) !== 0);
export const isDuplicateKeyError = (e: unknown): boolean => {
  if (typeof e !== "object" || e === null) return false;
  const code = (e as { code?: unknown }).code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "ER_DUP_ENTRY";
};
