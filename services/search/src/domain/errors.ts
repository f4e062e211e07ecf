import { validationFailed } from "@bookstore/platform/errors";

/** Every failure the search service raises, one factory each. */
export const queryTooLong = (max: number) => validationFailed(`q must be at most ${max} characters`, { field: "q", maxLength: max });
export const unknownSort = (sort: string, allowed: readonly string[]) =>
  validationFailed("unknown sort", { field: "sort", value: sort, allowed });
export const badPage = (field: "page" | "size", max: number) =>
  validationFailed(`${field} must be an integer from 1 to ${max}`, { field, max });
export const badPrice = (field: string) => validationFailed(`${field} must be a non-negative integer`, { field });
export const badPriceRange = () =>
  validationFailed("minPriceCents must not exceed maxPriceCents", { field: "minPriceCents" });
export const badFilter = (field: string, expected: string) =>
  validationFailed(`${field} must be ${expected}`, { field, expected });
export const badLimit = (max: number) => validationFailed(`limit must be from 0 to ${max}`, { field: "limit", max });
export const badWindow = (window: string, allowed: readonly string[]) =>
  validationFailed("unknown window", { field: "window", value: window, allowed });
