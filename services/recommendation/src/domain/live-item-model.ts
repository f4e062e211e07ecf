import type { BehaviourEvent } from "./behaviour-event.js";
import type { EventRepository, ScanCursor } from "./event-repository.js";
import { interestOf } from "./interest.js";
import { ItemSimilarityModel, type ModelEvent, type Neighbour } from "./item-similarity-model.js";
import type { Clock } from "./ports.js";

export interface LiveItemModelSettings {
  halfLifeMs: number;
  /** Events older than this are left out of a rebuild. */
  windowMs: number;
  neighbours: number;
  /** Each event pairs with at most this many of the same user's earlier events. */
  historyLimit: number;
}

export interface RebuildSummary {
  readonly events: number;
  readonly books: number;
  readonly links: number;
}

/** One model and the ids of recent events it already holds (so a late incremental update cannot add them twice). */
interface Generation {
  readonly model: ItemSimilarityModel;
  readonly included: Set<string>;
}

const SCAN_PAGE = 2_000;
/**
 * Events stored this close to a rebuild's start may be applied incrementally while the scan also reads them: their
 * ids are remembered so they count once. Older ones cannot be in flight (they were applied long ago).
 */
const IN_FLIGHT_MS = 2 * 60_000;

const toModelEvent = (e: BehaviourEvent): ModelEvent => ({ bookId: e.bookId, interest: interestOf(e), atMs: e.createdAtMs });

/**
 * The item model this process serves from: every stored event is applied as it comes (apply), and a scheduled
 * rebuild replaces it with one built from the stored events in the window. Events stored during a rebuild are
 * applied to both the old model (still serving) and, once the scan is done, to the new one before it takes over.
 */
export class LiveItemModel {
  private generation: Generation;
  private rebuilding: { pending: BehaviourEvent[] } | undefined;
  private building: Promise<RebuildSummary> | undefined;

  constructor(
    private readonly deps: { events: EventRepository; clock: Clock },
    private readonly settings: Readonly<LiveItemModelSettings>,
  ) {
    this.generation = this.fresh(deps.clock.now().getTime());
  }

  neighbours(bookId: string, limit: number): Neighbour[] {
    return this.generation.model.neighbours(bookId, limit);
  }

  /** Applies one newly stored event (its user's earlier events come from the repository). */
  async apply(event: BehaviourEvent): Promise<void> {
    // Both captured now: an event whose update starts before a rebuild takes over is replayed into the new model.
    const target = this.generation;
    this.rebuilding?.pending.push(event);
    if (target.included.has(event.id) || interestOf(event) <= 0) return;
    const before = await this.history(event);
    target.model.apply(toModelEvent(event), before.map(toModelEvent));
  }

  /** Builds a new model from the stored events and swaps it in; concurrent calls share one build. */
  rebuild(): Promise<RebuildSummary> {
    this.building ??= this.build().finally(() => (this.building = undefined));
    return this.building;
  }

  private fresh(epochMs: number): Generation {
    const { halfLifeMs, neighbours } = this.settings;
    return { model: new ItemSimilarityModel({ epochMs, halfLifeMs, neighbours }), included: new Set() };
  }

  private history(event: BehaviourEvent): Promise<BehaviourEvent[]> {
    const since = this.deps.clock.now().getTime() - this.settings.windowMs;
    return this.deps.events.before(event, since, this.settings.historyLimit);
  }

  private async build(): Promise<RebuildSummary> {
    const startMs = this.deps.clock.now().getTime();
    const next = this.fresh(startMs);
    const rebuilding = { pending: [] as BehaviourEvent[] };
    this.rebuilding = rebuilding;
    try {
      const events = await this.scanInto(next, startMs);
      // Replay what was stored meanwhile and not read by the scan; the swap happens with nothing left to replay,
      // synchronously after the last check, so no update can fall between the two models.
      for (;;) {
        const batch = rebuilding.pending.splice(0).filter((e) => !next.included.has(e.id));
        if (batch.length === 0) break;
        for (const e of batch) {
          next.included.add(e.id);
          if (interestOf(e) > 0) next.model.apply(toModelEvent(e), (await this.history(e)).map(toModelEvent));
        }
      }
      this.generation = next;
      return { events, books: next.model.books, links: next.model.links };
    } finally {
      this.rebuilding = undefined;
    }
  }

  /** Streams every event in the window, user by user in time order, into the model; returns how many. */
  private async scanInto(next: Generation, startMs: number): Promise<number> {
    const { windowMs, historyLimit } = this.settings;
    let cursor: ScanCursor | undefined;
    let count = 0;
    let user = "";
    let earlier: ModelEvent[] = [];
    for (;;) {
      const page = await this.deps.events.scan(startMs - windowMs, cursor, SCAN_PAGE);
      for (const e of page) {
        if (e.userId !== user) {
          user = e.userId;
          earlier = [];
        }
        const m = toModelEvent(e);
        next.model.apply(m, earlier);
        earlier.push(m);
        if (earlier.length > historyLimit) earlier.shift();
        if (e.createdAtMs >= startMs - IN_FLIGHT_MS) next.included.add(e.id);
      }
      count += page.length;
      const last = page.at(-1);
      if (!last || page.length < SCAN_PAGE) return count;
      cursor = { userId: last.userId, createdAtMs: last.createdAtMs, id: last.id };
    }
  }
}
