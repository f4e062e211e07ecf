import { badField } from "./errors.js";

export const CATEGORY_NAME_MAX = 100;

/** A shelf books are filed under; categories may nest one under another. */
export interface Category {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly createdAtMs: number;
}

export function categoryName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, " ");
  const length = [...name].length;
  if (length < 1 || length > CATEGORY_NAME_MAX)
    throw badField("name", `must be 1 to ${CATEGORY_NAME_MAX} characters`, { max: CATEGORY_NAME_MAX });
  return name;
}

/** Names are unique regardless of case: "Computing" and "computing" would be one shelf to a reader. */
export const categoryNameKey = (name: string): string => name.toLowerCase();
