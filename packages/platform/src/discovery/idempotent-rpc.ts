import type { DescMethod } from "@bufbuild/protobuf";
import { MethodOptions_IdempotencyLevel } from "@bufbuild/protobuf/wkt";

/**
 * Reads by naming convention. Our protos declare no `idempotency_level` (checked: none in proto/), so the names
 * decide unless a method declares one. Search and Suggest count hot keywords, but one extra count is harmless.
 */
const READ_PREFIXES = ["Get", "List", "BatchGet", "Search", "Suggest"];
/** Reads whose names do not start with a verb: search's Hot, recommendation's ForUser/ForBook. */
const READS = new Set(["Hot", "ForUser", "ForBook"]);

/** May this RPC run twice? Only then is it retried on another instance after an ambiguous failure. */
export function isIdempotent(method: Pick<DescMethod, "name" | "idempotency">): boolean {
  if (method.idempotency === MethodOptions_IdempotencyLevel.NO_SIDE_EFFECTS) return true;
  if (method.idempotency === MethodOptions_IdempotencyLevel.IDEMPOTENT) return true;
  return READS.has(method.name) || READ_PREFIXES.some((p) => method.name.startsWith(p));
}
