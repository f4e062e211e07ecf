/** The closed list of failure reasons shared by every service and the gateway (DESIGN.md "API conventions"). */
export const Reason = {
  VALIDATION_FAILED: "VALIDATION_FAILED",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  OUT_OF_STOCK: "OUT_OF_STOCK",
  INVALID_STATE: "INVALID_STATE",
  IDEMPOTENCY_MISMATCH: "IDEMPOTENCY_MISMATCH",
  RATE_LIMITED: "RATE_LIMITED",
  QUEUE_FULL: "QUEUE_FULL",
  UNAVAILABLE: "UNAVAILABLE",
  INTERNAL: "INTERNAL",
} as const;
export type Reason = (typeof Reason)[keyof typeof Reason];

export type ErrorDetails = Readonly<Record<string, unknown>>;

/** A failure a client may see: the reason picks the HTTP status and Connect code; the message is safe to show. */
export class AppError extends Error {
  constructor(
    readonly reason: Reason,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export const validationFailed = (message: string, details: ErrorDetails = {}) =>
  new AppError(Reason.VALIDATION_FAILED, message, details);
export const notFound = (what: string, id: string) =>
  new AppError(Reason.NOT_FOUND, `${what} not found`, { id });
export const forbidden = (message = "permission denied", details: ErrorDetails = {}) =>
  new AppError(Reason.FORBIDDEN, message, details);
export const unauthenticated = (message = "authentication required") =>
  new AppError(Reason.UNAUTHENTICATED, message);
export const conflict = (message: string, details: ErrorDetails = {}) =>
  new AppError(Reason.CONFLICT, message, details);
export const invalidState = (message: string, details: ErrorDetails = {}) =>
  new AppError(Reason.INVALID_STATE, message, details);
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError(Reason.RATE_LIMITED, "too many requests", { retryAfterSeconds });
