import { badField } from "./errors.js";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const MAX_PAGE = 100_000;

/** 1-based page and size (0 = the default, as proto3 sends an unset field) → offset and limit. */
export function pageWindow(page: number, size: number): { page: number; size: number; offset: number; limit: number } {
  const p = page === 0 ? 1 : page;
  const s = size === 0 ? DEFAULT_PAGE_SIZE : size;
  if (!Number.isSafeInteger(p) || p < 1 || p > MAX_PAGE) throw badField("page", `must be 1 to ${MAX_PAGE}`);
  if (!Number.isSafeInteger(s) || s < 1 || s > MAX_PAGE_SIZE) throw badField("size", `must be 1 to ${MAX_PAGE_SIZE}`);
  return { page: p, size: s, offset: (p - 1) * s, limit: s };
}
