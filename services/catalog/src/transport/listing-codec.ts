import {
  ListingPriority as ProtoPriority,
  ListingStatus as ProtoStatus,
  type ListingQueueStats as ProtoQueueStats,
  type ListingTask as ProtoTask,
} from "@bookstore/contracts/catalog/v1/listing";
import { badField } from "../domain/errors.js";
import type { ListingPriority, ListingStatus, ListingTask } from "../domain/listing.js";
import type { ListingQueueStats } from "../domain/listing-queue.js";

const PRIORITY_TO_PROTO: Record<ListingPriority, ProtoPriority> = {
  high: ProtoPriority.HIGH,
  normal: ProtoPriority.NORMAL,
};

const STATUS_TO_PROTO: Record<ListingStatus, ProtoStatus> = {
  queued: ProtoStatus.QUEUED,
  running: ProtoStatus.RUNNING,
  done: ProtoStatus.DONE,
  failed: ProtoStatus.FAILED,
};

/** Unspecified means normal: a client that never heard of priorities gets the default lane. */
export function priorityFromProto(p: ProtoPriority, field: string): ListingPriority {
  switch (p) {
    case ProtoPriority.HIGH:
      return "high";
    case ProtoPriority.NORMAL:
    case ProtoPriority.UNSPECIFIED:
      return "normal";
    default:
      throw badField(field, "is not a known priority", { value: p });
  }
}

export const listingTaskToProto = (t: ListingTask): Omit<ProtoTask, "$typeName"> => ({
  taskId: t.taskId,
  isbn: t.isbn,
  stock: t.stock,
  priority: PRIORITY_TO_PROTO[t.priority],
  status: STATUS_TO_PROTO[t.status],
  reason: t.reason,
  enqueuedAtMs: BigInt(t.enqueuedAtMs),
  finishedAtMs: BigInt(t.finishedAtMs ?? 0),
});

export const queueStatsToProto = (s: ListingQueueStats): Omit<ProtoQueueStats, "$typeName"> => ({
  priority: PRIORITY_TO_PROTO[s.priority],
  depth: s.depth,
  capacity: s.capacity,
  running: s.running,
  workers: s.workers,
});
