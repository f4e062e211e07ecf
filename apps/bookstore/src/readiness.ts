import type { ServiceHandle } from "@bookstore/platform/runtime";

/** Merges every service's dependency checks into one map for /readyz (keys prefixed by service). */
export async function readiness(services: readonly ServiceHandle[]): Promise<Record<string, boolean>> {
  const results = await Promise.all(
    services.map(async (s) => {
      try {
        return Object.entries(await s.ready()).map(([k, v]) => [`${s.name}.${k}`, v] as const);
      } catch {
        return [[`${s.name}`, false] as const];
      }
    }),
  );
  return Object.fromEntries(results.flat());
}
