import { Type, type Static } from "typebox";
import { Id, strictObject } from "../../schemas/common.js";

// Shapes and lengths only; the catalog owns the rules (ISBN-13 checksum, how many items a request may hold).

export const LISTING_PRIORITIES = ["high", "normal"] as const;
export const LISTING_STATUSES = ["queued", "running", "done", "failed"] as const;

export const ListingItemBody = strictObject({
  isbn: Type.String({ minLength: 10, maxLength: 32, description: "ISBN-13; hyphens and spaces are ignored" }),
  stock: Type.Integer({ minimum: 0, maximum: 1_000_000, description: "units available once listed (a count, not a delta)" }),
  priority: Type.Optional(Type.String({ enum: [...LISTING_PRIORITIES], description: "defaults to normal" })),
});
export type ListingItemBody = Static<typeof ListingItemBody>;

export const SubmitListingsBody = Type.Union([
  ListingItemBody,
  strictObject({ items: Type.Array(ListingItemBody, { minItems: 1, maxItems: 1_000 }) }),
]);

export const SubmitListingsJson = strictObject({
  tasks: Type.Array(strictObject({ taskId: Id, isbn: Type.String({ description: "normalized: 13 digits" }) }), {
    description: "one per item, in request order",
  }),
});

export const ListingTaskJson = strictObject({
  taskId: Id,
  isbn: Type.String(),
  priority: Type.String({ enum: [...LISTING_PRIORITIES] }),
  status: Type.String({ enum: [...LISTING_STATUSES] }),
  reason: Type.Optional(Type.String({ description: "why the task failed; present only when failed" })),
  enqueuedAt: Type.String({ format: "date-time" }),
  finishedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()], { description: "null until done or failed" }),
});
export type ListingTaskJson = Static<typeof ListingTaskJson>;

export const TaskIdParams = strictObject({ taskId: Id });
