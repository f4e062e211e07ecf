import type { HandlerContext } from "@connectrpc/connect";
import { isSnowflake } from "@bookstore/platform/ids";
import { callerKey } from "@bookstore/platform/rpc";
import { badField, badId } from "../domain/errors.js";

/** Ids this service issued are Snowflakes; anything else cannot name one of its rows. */
export function ownId(field: string, value: string): string {
  if (!isSnowflake(value)) throw badId(field, value);
  return value;
}

/** int64 fields arrive as bigint; amounts beyond 2^53 are not money anyone means. */
export function safeNumber(field: string, value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw badField(field, "is out of range");
  return n;
}

/** The signed-in caller's id, if any: reads after that user's own write go to the primary. */
export function viewerOf(ctx: HandlerContext): { viewerId?: string } {
  const userId = ctx.values.get(callerKey)?.userId;
  return userId ? { viewerId: userId } : {};
}
