/** One behaviour event as the item model sees it: which book, how much interest, when. */
export interface ModelEvent {
  readonly bookId: string;
  /** interestOf(event): 0 for events that say nothing about taste. */
  readonly interest: number;
  readonly atMs: number;
}

export interface Neighbour {
  readonly bookId: string;
  /** Cosine of the two books' reader vectors, shrunk for thin evidence: 0 … 1. */
  readonly similarity: number;
}

export interface ItemModelSettings {
  /** Time the decay is measured from: weights are stored "as of" this moment (see apply). */
  epochMs: number;
  halfLifeMs: number;
  /** Neighbours kept per book after pruning (top-K); the list holds up to 1.5·K while it collects. */
  neighbours: number;
}

/**
 * Thin evidence is shrunk: a pair seen by a single reader would otherwise have cosine 1. In weight² units, so
 * about two shared purchases (5·5 each) before a pair's similarity counts half.
 */
const SHRINK = 50;
const INITIAL_LIST = 8;

/** A book's neighbour candidates: parallel arrays, so 100k books × K neighbours stay a few tens of MB. */
interface NeighbourList {
  ids: Int32Array;
  weights: Float64Array;
  size: number;
}

/**
 * Item-to-item collaborative filtering: two books are similar when the same users are into both. Each user is a
 * vector of decayed interest per book; the model keeps, per book, the dot products with its strongest neighbours
 * and, per book, the squared norm, so the cosine is dot / (‖a‖·‖b‖).
 *
 * Updates are incremental: when an event raises user u's interest in book b by δ, b's dot product with every other
 * book o of u grows by δ·r(u,o), and ‖b‖² by (r+δ)² − r², where r(u,·) are u's interests from events *before* this
 * one (by time). Each pair of events is thus counted once, when the later one is applied, in whatever order events
 * are applied as long as a user's earlier events are there when a later one is. Events arrive in time order; one
 * that arrives late (or two of one user's that race through different processes) loses its pairs with the later
 * ones until the next rebuild.
 *
 * Time decay uses forward decay: an event at time t weighs interest·2^((t − epoch)/halfLife), which grows with t
 * instead of old events shrinking. Cosine is scale-free (the shrink aside), so "old counts less" holds without
 * touching old entries; the scheduled rebuild starts a fresh epoch (and drops events past the window) before the
 * numbers get large.
 *
 * Memory is bounded: a book's list collects up to 1.5·K candidates, then keeps its K most similar (the newcomer
 * that overflowed it included).
 */
export class ItemSimilarityModel {
  private readonly index = new Map<string, number>();
  private readonly bookIds: string[] = [];
  private norms = new Float64Array(1_024);
  private readonly lists: (NeighbourList | undefined)[] = [];
  private readonly capacity: number;

  constructor(readonly settings: Readonly<ItemModelSettings>) {
    this.capacity = Math.ceil(settings.neighbours * 1.5);
  }

  /** Books that appeared in any event so far. */
  get books(): number {
    return this.bookIds.length;
  }

  /** Neighbour entries held in total (the memory the model uses grows with this). */
  get links(): number {
    return this.lists.reduce((n, l) => n + (l?.size ?? 0), 0);
  }

  /** `event` raised its user's interest in its book; `before` are the same user's earlier events. */
  apply(event: ModelEvent, before: readonly ModelEvent[]): void {
    const delta = this.weightOf(event);
    if (delta <= 0) return;
    const book = this.intern(event.bookId);
    const earlier = new Map<number, number>();
    for (const e of before) {
      const w = this.weightOf(e);
      if (w > 0) {
        const id = this.intern(e.bookId);
        earlier.set(id, (earlier.get(id) ?? 0) + w);
      }
    }
    const old = earlier.get(book) ?? 0;
    this.norms[book] = (this.norms[book] ?? 0) + (old + delta) ** 2 - old ** 2;
    for (const [other, interest] of earlier) {
      if (other === book) continue;
      this.link(book, other, delta * interest);
      this.link(other, book, delta * interest);
    }
  }

  /** The most similar books, best first (ties by id); empty for a book nobody co-read. */
  neighbours(bookId: string, limit: number): Neighbour[] {
    const book = this.index.get(bookId);
    const list = book === undefined ? undefined : this.lists[book];
    if (book === undefined || !list) return [];
    return this.ranked(book, list)
      .slice(0, limit)
      .map(([i, similarity]) => ({ bookId: this.bookIds[list.ids[i] ?? 0] ?? "", similarity }));
  }

  private weightOf(e: ModelEvent): number {
    return e.interest > 0 ? e.interest * 2 ** ((e.atMs - this.settings.epochMs) / this.settings.halfLifeMs) : 0;
  }

  private intern(bookId: string): number {
    let id = this.index.get(bookId);
    if (id === undefined) {
      id = this.bookIds.length;
      this.index.set(bookId, id);
      this.bookIds.push(bookId);
      if (id >= this.norms.length) {
        const grown = new Float64Array(this.norms.length * 2);
        grown.set(this.norms);
        this.norms = grown;
      }
    }
    return id;
  }

  private similarity(a: number, b: number, dot: number): number {
    const na = this.norms[a] ?? 0;
    const nb = this.norms[b] ?? 0;
    // A book whose own events are not applied yet (out of order) has no norm: no similarity until it has.
    if (na <= 0 || nb <= 0) return 0;
    return Math.min(1, dot / (Math.sqrt(na * nb) + SHRINK));
  }

  /** [slot, similarity] of a list, most similar first, ties by book id for a stable order. */
  private ranked(book: number, list: NeighbourList): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < list.size; i++) {
      const s = this.similarity(book, list.ids[i] ?? 0, list.weights[i] ?? 0);
      if (s > 0) out.push([i, s]);
    }
    const idOf = (slot: number) => this.bookIds[list.ids[slot] ?? 0] ?? "";
    return out.sort((x, y) => y[1] - x[1] || (idOf(x[0]) < idOf(y[0]) ? -1 : 1));
  }

  private link(from: number, to: number, dot: number): void {
    let list = this.lists[from];
    if (!list) {
      list = { ids: new Int32Array(INITIAL_LIST), weights: new Float64Array(INITIAL_LIST), size: 0 };
      this.lists[from] = list;
    }
    for (let i = 0; i < list.size; i++) {
      if (list.ids[i] === to) {
        list.weights[i] = (list.weights[i] ?? 0) + dot;
        return;
      }
    }
    if (list.size === list.ids.length) {
      if (list.ids.length < this.capacity) this.grow(list);
      else this.prune(from, list);
    }
    list.ids[list.size] = to;
    list.weights[list.size] = dot;
    list.size += 1;
  }

  private grow(list: NeighbourList): void {
    const size = Math.min(this.capacity, list.ids.length * 2);
    const ids = new Int32Array(size);
    const weights = new Float64Array(size);
    ids.set(list.ids);
    weights.set(list.weights);
    list.ids = ids;
    list.weights = weights;
  }

  /** Keeps the K most similar, freeing room for newcomers to collect evidence until the next prune. */
  private prune(book: number, list: NeighbourList): void {
    const keep = this.ranked(book, list).slice(0, this.settings.neighbours - 1);
    const ids = keep.map(([slot]) => list.ids[slot] ?? 0);
    const weights = keep.map(([slot]) => list.weights[slot] ?? 0);
    ids.forEach((id, i) => {
      list.ids[i] = id;
      list.weights[i] = weights[i] ?? 0;
    });
    list.size = keep.length;
  }
}
