import type { FeedCursor } from "./catalog-feed.js";
import type { Clock } from "./clock.js";
import type { SalesImage, SalesTally } from "./sales-tally.js";
import type { SearchIndex, SearchIndexImage } from "./search-index.js";
import type { Suggester, SuggesterImage } from "./suggester.js";
import type { SyncIndex } from "./sync-index.js";

/**
 * Bump when text analysis or any image layout changes: an older snapshot is then ignored and the index rebuilt
 * from the catalog, since its terms would no longer match what queries look for.
 */
export const SNAPSHOT_FORMAT = 1;

/** Everything a search process needs to serve at once after a restart, and where in the change feed it stands. */
export interface IndexSnapshot {
  readonly format: number;
  readonly savedAtMs: number;
  readonly cursor: FeedCursor;
  readonly categoryNames: readonly (readonly [id: string, name: string])[];
  readonly index: SearchIndexImage;
  /** Read when first needed: the suggest table is built after a restart serves searches, not before. */
  readonly suggester: () => SuggesterImage;
  readonly sales: SalesImage;
}

/** Where snapshots are kept (a file under the data dir; storage/ implements it). */
export interface SnapshotStore {
  /** The last saved snapshot; undefined when there is none. Throws when one exists but cannot be read. */
  load(): Promise<IndexSnapshot | undefined>;
  save(snapshot: IndexSnapshot): Promise<void>;
}

export type RestoreOutcome =
  | { readonly restored: true; readonly books: number; readonly savedAtMs: number }
  | { readonly restored: false; readonly reason: "none" | "format" };

interface Parts {
  readonly index: SearchIndex;
  readonly suggester: Suggester;
  readonly sync: SyncIndex;
  readonly sales: SalesTally;
  readonly store: SnapshotStore;
  readonly clock: Clock;
}

/**
 * Saves the index, the suggest table, recent sales and the feed cursor together, and restores them into a fresh
 * process. A snapshot is taken synchronously between feed pages, so its index is exactly the state at its cursor;
 * after a restore the feed continues from that cursor and only what changed since is applied.
 */
export class IndexPersistence {
  private savedRevision: string;

  constructor(private readonly parts: Parts) {
    // Nothing to save until something changes: a process that never synced (bookstore seed) writes no snapshot.
    this.savedRevision = this.revision();
  }

  /** Loads the saved snapshot into the (empty) index, suggester and tally. */
  async restore(): Promise<RestoreOutcome> {
    const snapshot = await this.parts.store.load();
    if (!snapshot) return { restored: false, reason: "none" };
    if (snapshot.format !== SNAPSHOT_FORMAT) return { restored: false, reason: "format" };
    const { index, suggester, sync, sales } = this.parts;
    index.load(snapshot.index);
    suggester.load(snapshot.suggester);
    sales.load(snapshot.sales);
    sync.restore(snapshot.cursor, new Map(snapshot.categoryNames));
    this.savedRevision = this.revision();
    return { restored: true, books: index.size, savedAtMs: snapshot.savedAtMs };
  }

  /** Saves a snapshot unless nothing changed since the last one saved or restored; true when one was written. */
  async saveIfChanged(): Promise<boolean> {
    const revision = this.revision();
    if (revision === this.savedRevision) return false;
    await this.parts.store.save(this.take());
    this.savedRevision = revision;
    return true;
  }

  /** The current state as a snapshot (synchronous, so nothing changes while it is taken). */
  take(): IndexSnapshot {
    const { index, suggester, sync, sales, clock } = this.parts;
    return {
      format: SNAPSHOT_FORMAT,
      savedAtMs: clock.now().getTime(),
      cursor: sync.position,
      categoryNames: [...sync.knownCategories],
      index: index.toImage(),
      suggester: constant(suggester.toImage()),
      sales: sales.toImage(),
    };
  }

  private revision(): string {
    const { index, sales, sync } = this.parts;
    return `${index.revision}:${sales.revision}:${sync.position.changedAtMs}:${sync.position.id}`;
  }
}

const constant =
  <T>(value: T): (() => T) =>
  () =>
    value;
