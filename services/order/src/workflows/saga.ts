/** One remote step and its compensation; a compensation of something that never happened is a no-op. */
export interface Step<I, O> {
  readonly name: string;
  run(input: I): Promise<O>;
  compensate(input: I): Promise<void>;
}

/**
 * Runs steps in order and, on failure, undoes them in reverse. A step's compensation is registered *before*
 * it runs: a remote call that timed out may still have taken effect, and compensating an unknown key is free.
 * TODO(issue 3): a durable saga log (resume or compensate after a crash) with the job system.
 */
export class Saga {
  private readonly undo: { name: string; compensate: () => Promise<void> }[] = [];

  async run<I, O>(step: Step<I, O>, input: I): Promise<O> {
    this.undo.push({ name: step.name, compensate: () => step.compensate(input) });
    return step.run(input);
  }

  /** Every compensation is attempted even if one fails; the failures come back together. */
  async compensate(): Promise<void> {
    const failures: unknown[] = [];
    for (const { compensate } of this.undo.splice(0).reverse()) {
      try {
        await compensate();
      } catch (e) {
        failures.push(e);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, "compensation failed");
  }
}
