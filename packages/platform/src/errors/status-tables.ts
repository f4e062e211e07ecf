import { Code, ConnectError } from "@connectrpc/connect";
import { AppError, isAppError, Reason, type ErrorDetails } from "./app-error.js";

/** Record<Reason, …>: adding a reason without its row fails to compile. */
export const HTTP_STATUS: Record<Reason, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  OUT_OF_STOCK: 409,
  INVALID_STATE: 409,
  IDEMPOTENCY_MISMATCH: 422,
  RATE_LIMITED: 429,
  QUEUE_FULL: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export const CONNECT_CODE: Record<Reason, Code> = {
  VALIDATION_FAILED: Code.InvalidArgument,
  UNAUTHENTICATED: Code.Unauthenticated,
  FORBIDDEN: Code.PermissionDenied,
  NOT_FOUND: Code.NotFound,
  CONFLICT: Code.AlreadyExists,
  OUT_OF_STOCK: Code.FailedPrecondition,
  INVALID_STATE: Code.FailedPrecondition,
  IDEMPOTENCY_MISMATCH: Code.FailedPrecondition,
  RATE_LIMITED: Code.ResourceExhausted,
  QUEUE_FULL: Code.ResourceExhausted,
  UNAVAILABLE: Code.Unavailable,
  INTERNAL: Code.Internal,
};

const REASON_HEADER = "x-error-reason";
const DETAILS_HEADER = "x-error-details";
const GENERIC_MESSAGE = "internal error";

/** Reasons a Connect code maps back to when a peer sent no reason (e.g. a transport failure). */
const REASON_FOR_CODE: Partial<Record<Code, Reason>> = {
  [Code.InvalidArgument]: Reason.VALIDATION_FAILED,
  [Code.Unauthenticated]: Reason.UNAUTHENTICATED,
  [Code.PermissionDenied]: Reason.FORBIDDEN,
  [Code.NotFound]: Reason.NOT_FOUND,
  [Code.AlreadyExists]: Reason.CONFLICT,
  [Code.FailedPrecondition]: Reason.INVALID_STATE,
  [Code.ResourceExhausted]: Reason.RATE_LIMITED,
  [Code.Unavailable]: Reason.UNAVAILABLE,
  [Code.DeadlineExceeded]: Reason.UNAVAILABLE,
};

const isReason = (v: string | null): v is Reason => v !== null && Object.hasOwn(HTTP_STATUS, v);

/** Server side: any thrown value → a ConnectError that carries the reason and details in metadata. */
export function toConnectError(e: unknown): ConnectError {
  if (e instanceof ConnectError && isReason(e.metadata.get(REASON_HEADER))) return e;
  // Connect wraps errors thrown from interceptors as Unknown with the original as cause.
  if (e instanceof ConnectError && isAppError(e.cause)) return toConnectError(e.cause);
  // Protocol outcomes (the caller cancelled, a deadline passed) keep their code: they are not our bugs.
  if (e instanceof ConnectError && (e.code === Code.Canceled || e.code === Code.DeadlineExceeded)) return e;
  const app = isAppError(e) ? e : new AppError(Reason.INTERNAL, GENERIC_MESSAGE);
  const metadata = new Headers({ [REASON_HEADER]: app.reason });
  metadata.set(DETAILS_HEADER, encodeURIComponent(JSON.stringify(app.details)));
  return new ConnectError(app.message, CONNECT_CODE[app.reason], metadata);
}

/** Client side: a ConnectError (or anything) → the AppError the remote service raised. */
export function fromConnectError(e: unknown): AppError {
  if (isAppError(e)) return e;
  // In-process transports can surface the original AppError as the cause of an Unknown ConnectError.
  if (e instanceof ConnectError && isAppError(e.cause) && !e.metadata.get(REASON_HEADER)) return e.cause;
  if (!(e instanceof ConnectError)) return new AppError(Reason.INTERNAL, GENERIC_MESSAGE);
  const reasonHeader = e.metadata.get(REASON_HEADER);
  const reason = isReason(reasonHeader) ? reasonHeader : (REASON_FOR_CODE[e.code] ?? Reason.INTERNAL);
  let details: ErrorDetails = {};
  const raw = e.metadata.get(DETAILS_HEADER);
  if (raw) details = parseDetails(raw);
  const message = reason === Reason.INTERNAL ? GENERIC_MESSAGE : e.rawMessage;
  return new AppError(reason, message, details);
}

function parseDetails(raw: string): ErrorDetails {
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(raw));
    return typeof parsed === "object" && parsed !== null ? (parsed as ErrorDetails) : {};
  } catch {
    return {}; // a malformed details header only loses the details, never the reason
  }
}

export interface HttpError {
  status: number;
  body: { error: { code: Reason; message: string; details: ErrorDetails } };
  retryAfterSeconds?: number;
}

export function toHttpError(e: unknown): HttpError {
  const app = fromConnectError(e);
  const status = HTTP_STATUS[app.reason];
  const retry = app.details["retryAfterSeconds"];
  const out: HttpError = { status, body: { error: { code: app.reason, message: app.message, details: app.details } } };
  if (typeof retry === "number") out.retryAfterSeconds = retry;
  return out;
}
