import type { EventStream, StreamEvent } from "@bookstore/platform/outbox";

/** The catalog's topics that can change what the index holds. */
export const INDEX_TOPICS = ["book.listed", "book.updated", "book.deleted", "stock.changed"] as const;

/** Event ids remembered for de-duplication; redeliveries arrive soon after the first delivery. */
const REMEMBERED_IDS = 10_000;

/**
 * The fast path into the index: each catalog event triggers an immediate sync from the change feed (which carries
 * the book's latest state, so events need no ordering and the feed stays the one source of truth). A redelivered
 * event is recognised by its id and triggers nothing.
 */
export class CatalogEventListener {
  private readonly seen = new Set<string>();
  private stops: (() => Promise<void>)[] = [];

  constructor(
    private readonly stream: EventStream,
    /** Each index keeps its own copy: every process consumes every event, so each has its own group. */
    private readonly group: string,
    private readonly onChange: () => void,
  ) {}

  start(): void {
    if (this.stops.length > 0) return;
    this.stops = INDEX_TOPICS.map((topic) => this.stream.consume(topic, this.group, (e) => Promise.resolve(void this.handle(e))));
  }

  /** True when the event was new (and a sync was requested). */
  handle(event: StreamEvent): boolean {
    if (this.seen.has(event.id)) return false;
    this.seen.add(event.id);
    // A Set iterates in insertion order: the first entry is the oldest.
    if (this.seen.size > REMEMBERED_IDS) this.seen.delete(this.seen.values().next().value as string);
    this.onChange();
    return true;
  }

  async close(): Promise<void> {
    const stops = this.stops;
    this.stops = [];
    await Promise.all(stops.map((stop) => stop()));
  }
}
