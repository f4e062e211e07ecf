import { validationFailed } from "@bookstore/platform/errors";

/** Every failure the recommendation service raises, one factory each. */
export const unknownEventType = (type: string, allowed: readonly string[]) =>
  validationFailed("unknown event type", { field: "type", value: type, allowed });
export const badBookId = (value: string) => validationFailed("bookId is not a valid id", { field: "bookId", value });
export const badUserId = () => validationFailed("userId must be 1 to 32 characters", { field: "userId" });
export const badEventValue = (type: string, min: number, max: number) =>
  validationFailed(`value of a ${type} event must be an integer from ${min} to ${max}`, { field: "value", min, max });
export const badLimit = (max: number) => validationFailed(`limit must be from 0 to ${max}`, { field: "limit", max });
