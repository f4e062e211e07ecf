import { AppError, Reason, conflict, forbidden, invalidState, notFound, unauthenticated, validationFailed } from "@bookstore/platform/errors";

/** Every failure the order service raises, one factory each (DESIGN.md "API conventions" for the statuses). */
export const orderNotFound = (id: string) => notFound("order", id);
export const bookNotFound = (bookId: string) => notFound("book", bookId);
export const cartLineNotFound = (bookId: string) => notFound("cart item", bookId);

export const badQuantity = (bookId: string, quantity: number, max: number) =>
  validationFailed(`quantity must be an integer from 1 to ${max}`, { bookId, quantity, max });
export const tooManyLines = (max: number) => validationFailed(`at most ${max} different books`, { maxLines: max });
export const emptyOrder = () => validationFailed("an order needs at least one item");
export const itemsOrCart = () => validationFailed("send either items or fromCart, not both or neither");
export const emptyCart = () => validationFailed("the cart is empty");
export const badId = (field: string, value: string) => validationFailed(`${field} is not a valid id`, { field, value });
export const badIdempotencyKey = (max: number) =>
  validationFailed(`Idempotency-Key must be 1 to ${max} characters`, { maxLength: max });
export const badStatusFilter = (status: string) => validationFailed("unknown order status", { status });

export const idempotencyMismatch = (key: string) =>
  new AppError(Reason.IDEMPOTENCY_MISMATCH, "this Idempotency-Key was used with a different request", { key });

export const invalidTransition = (orderId: string, from: string, to: string) =>
  invalidState(`order is ${from}; cannot become ${to}`, { orderId, status: from, wanted: to });
export const paymentWindowClosed = (orderId: string) =>
  invalidState("the payment window of this order has closed", { orderId });
/** The expiry job ran before the window closed (clock skew between processes): it retries later. */
export const paymentWindowOpen = (orderId: string, remainingMs: number) =>
  invalidState("the payment window of this order is still open", { orderId, remainingMs });
export const failedJobNotFound = (queue: string, jobId: string) => notFound(`failed job in queue ${queue}`, jobId);
export const statsForbidden = () => forbidden("order:read is needed for order and cart statistics");
export const badStatsDate = (date: string) => validationFailed("date must be a UTC day as YYYY-MM-DD", { date });
export const jobQueueNotFound = (queue: string) => notFound("job queue", queue);
export const badFailedJobsPage = (maxPageSize: number) =>
  validationFailed(`page_size must be 1 to ${maxPageSize} and offset at least 0`, { maxPageSize });
export const orderForbidden = () => forbidden("not allowed for this order");
export const cartForbidden = () => forbidden("not allowed for this cart");
export const listForbidden = () => forbidden("listing other users' orders needs order:read", { permission: "order:read" });

export const badSignature = () => unauthenticated("invalid payment callback signature");
export const badCallback = (message: string, details: Record<string, unknown> = {}) =>
  validationFailed(`invalid payment callback: ${message}`, details);
export const paymentSettled = (paymentId: string, status: string) => invalidState(`payment is ${status}`, { paymentId, status });
/** Another process took this placement's saga over (its lease ran out): it compensates; the client may retry the key. */
export const sagaTakenOver = (orderId: string) =>
  new AppError(Reason.UNAVAILABLE, "order placement was interrupted; retry with the same Idempotency-Key", { orderId });
export const unknownSagaStep = (orderId: string, step: string) =>
  new Error(`saga of order ${orderId} logged an unknown step ${step}`);
/** A retry arrived while the first request's saga is still running (or being undone): its outcome is not known yet. */
export const placementInProgress = (key: string) =>
  conflict("an order with this Idempotency-Key is still being placed; retry shortly", { key });
