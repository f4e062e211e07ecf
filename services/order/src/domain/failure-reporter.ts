/**
 * Where best-effort work that failed is reported (a counter and a warning in production): the order goes on,
 * but the failure is never swallowed silently.
 */
export interface FailureReporter {
  report(effect: string, error: unknown, context: Record<string, unknown>): void;
}
