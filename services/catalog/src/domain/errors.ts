import { AppError, conflict, notFound, Reason, validationFailed } from "@bookstore/platform/errors";

/** Every failure the catalog raises, one factory each (DESIGN.md "API conventions" for the statuses). */

export const badField = (field: string, message: string, details: Record<string, unknown> = {}) =>
  validationFailed(`${field} ${message}`, { field, ...details });
export const badId = (field: string, value: string) => validationFailed(`${field} is not a valid id`, { field, value });
export const badIsbn = (value: string) =>
  validationFailed("isbn is not a valid ISBN-13 (13 digits starting 978/979 with a correct check digit)", {
    field: "isbn",
    value,
  });
/** A book may only point at a category that exists: the caller sent a bad value, not a missing resource. */
export const unknownCategory = (field: string, id: string) =>
  validationFailed(`${field} names no category`, { field, id });

export const bookNotFound = (id: string) => notFound("book", id);
export const stockNotFound = (bookId: string) => notFound("stock of book", bookId);

export const isbnTaken = (isbn: string) => conflict("another book already has this ISBN", { field: "isbn", isbn });
export const categoryNameTaken = (name: string) => conflict("a category with this name exists", { field: "name", name });

export const outOfStock = (bookId: string, wanted: number, available: number) =>
  new AppError(Reason.OUT_OF_STOCK, "not enough stock", { bookId, wanted, available });

export const listingTaskNotFound = (taskId: string) => notFound("listing task", taskId);
/** Every queue keeps its bound: the caller retries later instead of the handler waiting for room. */
export const listingQueueFull = (priority: string, retryAfterSeconds: number) =>
  new AppError(Reason.QUEUE_FULL, `the ${priority} listing queue is full`, { priority, retryAfterSeconds });
export const listingEngineStopped = () => new AppError(Reason.UNAVAILABLE, "the listing engine is shutting down");
