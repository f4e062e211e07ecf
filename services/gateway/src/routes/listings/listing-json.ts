import {
  ListingPriority,
  ListingStatus,
  type ListingTask,
} from "@bookstore/contracts/catalog/v1/listing";
import { toIso } from "../../schemas/common.js";
import type { ListingItemBody, ListingTaskJson } from "./listing-schemas.js";

const PRIORITY_JSON: Partial<Record<ListingPriority, ListingTaskJson["priority"]>> = {
  [ListingPriority.HIGH]: "high",
  [ListingPriority.NORMAL]: "normal",
};
const STATUS_JSON: Partial<Record<ListingStatus, ListingTaskJson["status"]>> = {
  [ListingStatus.QUEUED]: "queued",
  [ListingStatus.RUNNING]: "running",
  [ListingStatus.DONE]: "done",
  [ListingStatus.FAILED]: "failed",
};

/** A value outside the contract is the catalog's bug: a 500, not something to paper over. */
function known<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`catalog answered an unknown ${what}`);
  return value;
}

export const priorityToProto = (p: ListingItemBody["priority"]): ListingPriority =>
  p === "high" ? ListingPriority.HIGH : ListingPriority.NORMAL;

export function listingTaskJson(t: ListingTask | undefined): ListingTaskJson {
  if (!t) throw new Error("catalog answered without a listing task");
  return {
    taskId: t.taskId,
    isbn: t.isbn,
    priority: known(PRIORITY_JSON[t.priority], "priority"),
    status: known(STATUS_JSON[t.status], "status"),
    ...(t.status === ListingStatus.FAILED ? { reason: t.reason } : {}),
    enqueuedAt: toIso(Number(t.enqueuedAtMs)),
    finishedAt: t.finishedAtMs === 0n ? null : toIso(Number(t.finishedAtMs)),
  };
}
