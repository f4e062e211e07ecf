/** Newest first; equal times by the larger (later) Snowflake id, so the order is the same every time. */
export function compareNewest(a: { id: string; createdAtMs: number }, b: { id: string; createdAtMs: number }): number {
  if (a.createdAtMs !== b.createdAtMs) return b.createdAtMs - a.createdAtMs;
  if (a.id.length !== b.id.length) return b.id.length - a.id.length;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
