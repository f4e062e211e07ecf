import type { Clock } from "../domain/clock.js";
import { sagaTakenOver } from "../domain/errors.js";
import type { SagaLog } from "../domain/saga-log.js";
import type { SagaStep, StepContext } from "./saga-step.js";

/**
 * Runs one saga's steps in order, each logged as running *before* its remote call (a call that timed out or a
 * process that died mid-call may still have taken effect) and as done after it. Compensation is not here: it
 * reads the log (CompensateSaga), so it works the same in this process and in one that recovers the saga.
 */
export class LoggedSaga {
  private seq = 0;

  constructor(
    private readonly deps: { log: SagaLog; clock: Clock },
    readonly ctx: StepContext,
  ) {}

  async run<I, O>(step: SagaStep<I, O>, input: I): Promise<O> {
    const { log, clock } = this.deps;
    const seq = ++this.seq;
    const orderId = this.ctx.orderId;
    if (!(await log.stepStarted(orderId, seq, step.name, JSON.stringify(input), clock.now().getTime()))) throw sagaTakenOver(orderId);
    const output = await step.run(input, this.ctx);
    await log.stepFinished(orderId, seq, "done", clock.now().getTime());
    return output;
  }
}
