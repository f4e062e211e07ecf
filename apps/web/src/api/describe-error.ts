import type { MessageKey } from "../i18n/messages.js";
import type { Translate } from "../i18n/i18n.js";
import { ApiError } from "./api-error.js";

const KNOWN = new Set<string>([
  "OUT_OF_STOCK", "RATE_LIMITED", "QUEUE_FULL", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT",
  "INVALID_STATE", "VALIDATION_FAILED", "UNAVAILABLE",
]);

/** A sentence a person understands, never the raw JSON: by error code, with the wait for 429s. */
export function describeError(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    if (KNOWN.has(err.code)) return t(`error.${err.code}` as MessageKey, { s: err.retryAfterSeconds ?? 60 });
    return t("error.generic");
  }
  if (err instanceof TypeError) return t("error.network");
  return t("error.generic");
}

/** VALIDATION_FAILED issues as short, translated field messages (the gateway's Ajv text is English-only). */
export function fieldMessages(err: unknown, t: Translate): Record<string, string> {
  if (!(err instanceof ApiError) || err.code !== "VALIDATION_FAILED") return {};
  const out: Record<string, string> = {};
  const { field: single, min, max } = err.details;
  for (const [field, message] of Object.entries(err.fieldErrors())) {
    if (field === single && typeof min === "number" && typeof max === "number") out[field] = t("field.length", { min, max });
    else if (/required/.test(message)) out[field] = t("field.required");
    else if (/fewer than|minLength|must NOT have fewer/.test(message)) out[field] = `${t("field.tooShort")} (${message})`;
    else if (/more than|maxLength|must NOT have more/.test(message)) out[field] = `${t("field.tooLong")} (${message})`;
    else out[field] = `${t("field.invalid")} (${message})`;
  }
  return out;
}
