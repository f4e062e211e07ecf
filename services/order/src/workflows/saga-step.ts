import type { Credentials } from "../domain/actor.js";

/** What every step call gets: the order id is the idempotency key of every remote call. */
export interface StepContext {
  readonly orderId: string;
  readonly on: Credentials;
}

/**
 * One remote step and its compensation (STYLE §7). Both are idempotent per order id; compensating something that
 * never happened is a no-op, so a step logged as running (it may or may not have taken effect) is compensated too.
 * Compensations need only the context: a recovering process has nothing but the log.
 */
export interface SagaStep<I, O> {
  readonly name: string;
  run(input: I, ctx: StepContext): Promise<O>;
  compensate(ctx: StepContext): Promise<void>;
}

/** Compensations by step name, for a process that resumes a saga from the log. */
export type Compensations = ReadonlyMap<string, (ctx: StepContext) => Promise<void>>;
