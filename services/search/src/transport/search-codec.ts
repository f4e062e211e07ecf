/**
 * int64 cents arrive as bigint. Values beyond 2^53 are no price anyone means; they become an unsafe number,
 * which the query parser rejects as a validation failure.
 */
export function optionalCents(value: bigint | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}
