/** Polls `check` until it stops throwing or the time runs out; the last failure is rethrown. No fixed sleeps. */
export async function eventually<T>(check: () => Promise<T> | T, opts: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 5_000);
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw last;
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 25));
  }
}
