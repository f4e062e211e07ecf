import { AppError, Reason, validationFailed } from "@bookstore/platform/errors";

/** Every failure the recommendation service raises, one factory each. */
export const unknownEventType = (type: string, allowed: readonly string[]) =>
  validationFailed("unknown event type", { field: "type", value: type, allowed });
export const badBookId = (value: string) => validationFailed("bookId is not a valid id", { field: "bookId", value });
export const unknownBook = (bookId: string) => validationFailed("no such book in the catalog", { field: "bookId", value: bookId });
export const badUserId = () => validationFailed("userId must be 1 to 32 characters", { field: "userId" });
export const badEventValue = (type: string, min: number, max: number) =>
  validationFailed(`value of a ${type} event must be an integer from ${min} to ${max}`, { field: "value", min, max });
export const unknownFeedback = (value: string, allowed: readonly string[]) =>
  validationFailed("unknown feedback kind", { field: "feedback", value, allowed });
export const feedbackOnlyOnFeedback = (type: string) =>
  validationFailed(`a ${type} event has no feedback kind`, { field: "feedback" });
export const badClientEventId = () =>
  validationFailed("eventId must be 1 to 64 letters, digits or . _ : -", { field: "eventId" });
export const badLimit = (max: number) => validationFailed(`limit must be from 0 to ${max}`, { field: "limit", max });
/** The catalog could not say whether a book exists; the event is refused rather than stored unchecked. */
export const catalogUnavailable = (cause: unknown) =>
  Object.assign(new AppError(Reason.UNAVAILABLE, "the catalog cannot be reached to check the book"), { cause });
