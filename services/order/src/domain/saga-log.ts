/** The place-order saga as persisted (issue 4): what a process that dies mid-way leaves for another to finish. */
export const SAGA_STATES = ["running", "completed", "compensating", "compensated", "failed"] as const;
export type SagaState = (typeof SAGA_STATES)[number];
export const isSagaState = (s: string): s is SagaState => (SAGA_STATES as readonly string[]).includes(s);

/** running: logged before its remote call (it may or may not have taken effect); done; compensated. */
export type SagaStepStatus = "running" | "done" | "compensated";
export const isSagaStepStatus = (s: string): s is SagaStepStatus => s === "running" || s === "done" || s === "compensated";

export interface SagaRecord {
  readonly orderId: string;
  readonly userId: string;
  /** The placement's Idempotency-Key: a compensated order gives its key back. */
  readonly idemKey: string;
  readonly state: SagaState;
  readonly currentStep: string;
  readonly attempts: number;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

export interface SagaStepRecord {
  readonly seq: number;
  readonly step: string;
  readonly status: SagaStepStatus;
  /** JSON of the step's input, for operators; compensations need only the order id. */
  readonly input: string;
  readonly updatedAtMs: number;
}

/** The first step: the order row itself, inserted with the saga in one transaction. */
export const CREATE_ORDER_STEP = "create-order";

export interface SagaLog {
  /** Inserts the saga (running) and its create-order step (done); call in the transaction that inserts the order. */
  begin(saga: { orderId: string; userId: string; idemKey: string; nowMs: number }): Promise<void>;
  byOrderId(orderId: string): Promise<SagaRecord | undefined>;
  /** In seq order. */
  steps(orderId: string): Promise<SagaStepRecord[]>;
  /**
   * Logs the step as running *before* its remote call and makes it the current step. False (nothing written)
   * when the saga is no longer in `expected` state: another process took it over.
   */
  stepStarted(orderId: string, seq: number, step: string, input: string, nowMs: number, expected?: SagaState): Promise<boolean>;
  stepFinished(orderId: string, seq: number, status: Exclude<SagaStepStatus, "running">, nowMs: number): Promise<void>;
  /** Conditional state change (also refreshes updated_at); false when the saga was not in one of `from`. */
  transition(orderId: string, from: readonly SagaState[], to: SagaState, nowMs: number): Promise<boolean>;
  /** Running or compensating sagas last touched at or before `touchedBeforeMs`, oldest first. */
  stale(touchedBeforeMs: number, limit: number): Promise<SagaRecord[]>;
  /**
   * Takes over a stale saga: → compensating, attempts + 1, updated_at now; conditional on the state and
   * updated_at it was read with, so of two recovering processes one wins.
   */
  claim(saga: SagaRecord, nowMs: number): Promise<boolean>;
}
