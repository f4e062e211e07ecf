import type { BehaviourEvent, EventType } from "../domain/behaviour-event.js";
import type { BookFeatures } from "../domain/content-index.js";
import { SeededRandom } from "./seeded-random.js";

export interface LogSettings {
  seed: number;
  books: number;
  categories: number;
  /** Hidden taste clusters: each book belongs to one, independent of its category. */
  clusters: number;
  users: number;
  minEventsPerUser: number;
  maxEventsPerUser: number;
  /** Share of a user's picks from their own clusters; the rest follow overall popularity. */
  focus: number;
  /** The log spans this many days, ending at `endMs`. */
  days: number;
  endMs: number;
}

export const DEFAULT_LOG: LogSettings = {
  seed: 7,
  books: 1_200,
  categories: 12,
  clusters: 30,
  users: 800,
  minEventsPerUser: 8,
  maxEventsPerUser: 30,
  focus: 0.8,
  days: 60,
  endMs: Date.UTC(2025, 0, 1),
};

export interface BehaviourLog {
  readonly books: readonly BookFeatures[];
  readonly categoryNames: ReadonlyMap<string, string>;
  /** Every user's events in time order; each user's last event is a purchase of a book they had not touched. */
  readonly events: readonly BehaviourEvent[];
}

const DAY_MS = 24 * 3_600_000;
const TYPES: readonly EventType[] = ["view", "cart_add", "purchase"];
const TYPE_WEIGHTS = [0.6, 0.15, 0.25];

/**
 * A synthetic shop: books with a long-tailed popularity, users with one or two hidden taste clusters who mostly
 * browse and buy within them. Item-CF can find the clusters from co-occurrence; popularity cannot.
 */
export function generateBehaviourLog(s: LogSettings = DEFAULT_LOG): BehaviourLog {
  const rnd = new SeededRandom(s.seed);
  const categoryIds = Array.from({ length: s.categories }, (_, i) => String(900_001 + i));
  const books: BookFeatures[] = Array.from({ length: s.books }, (_, i) => ({
    id: String(1_000_001 + i),
    // Titles and authors of their own: content similarity neither helps nor hides the clusters being measured.
    title: `Book ${i}`,
    authors: [`Author ${i}`],
    categoryId: rnd.pick(categoryIds),
    createdAtMs: s.endMs - (s.days + 30) * DAY_MS + i,
    deleted: false,
  }));
  // Long tail: a random popularity rank per book.
  const weight = rnd.shuffle(books.map((_, i) => i)).map((rank) => 1 / (rank + 10) ** 0.8);
  const clusterOf = books.map(() => rnd.int(s.clusters));
  const inCluster = Array.from({ length: s.clusters }, (_, c) => books.flatMap((_, i) => (clusterOf[i] === c ? [i] : [])));
  const draw = (clusters: readonly number[]): number => {
    if (rnd.next() >= s.focus) return rnd.weighted(weight);
    const members = inCluster[rnd.pick(clusters)] ?? [];
    return members[rnd.weighted(members.map((i) => weight[i] ?? 0))] ?? 0;
  };

  const events: BehaviourEvent[] = [];
  let seq = 0;
  const add = (userId: string, type: EventType, book: number, atMs: number) => {
    const id = String(5_000_000_000 + ++seq);
    const bookId = books[book]?.id ?? "";
    events.push({ id, userId, type, bookId, value: type === "purchase" ? 1 : 0, clientEventId: `eval-${id}`, createdAtMs: atMs });
  };
  for (let u = 0; u < s.users; u++) {
    const userId = `eval-user-${u}`;
    const clusters = [rnd.int(s.clusters)];
    if (rnd.next() < 0.4) clusters.push(rnd.int(s.clusters));
    const n = s.minEventsPerUser + rnd.int(s.maxEventsPerUser - s.minEventsPerUser + 1);
    let at = s.endMs - s.days * DAY_MS + rnd.int((s.days / 2) * DAY_MS);
    const touched = new Set<number>();
    for (let i = 0; i < n - 1; i++) {
      const book = draw(clusters);
      touched.add(book);
      add(userId, TYPES[rnd.weighted(TYPE_WEIGHTS)] ?? "view", book, (at += 1 + rnd.int(DAY_MS)));
    }
    let last = draw(clusters);
    for (let tries = 0; touched.has(last) && tries < 100; tries++) last = draw(clusters);
    add(userId, "purchase", last, Math.min(s.endMs - 1, at + 1 + rnd.int(DAY_MS)));
  }
  return {
    books,
    categoryNames: new Map(categoryIds.map((id, i) => [id, `Category ${i + 1}`])),
    events: events.sort((a, b) => a.createdAtMs - b.createdAtMs),
  };
}

export interface Split {
  readonly training: readonly BehaviourEvent[];
  /** User → the book of their last purchase, held back from training. */
  readonly heldOut: ReadonlyMap<string, string>;
}

/** Each user's last purchase (and anything after it) is held back; the rest is what the models learn from. */
export function lastPurchaseSplit(events: readonly BehaviourEvent[]): Split {
  const last = new Map<string, BehaviourEvent>();
  for (const e of events) {
    const seen = last.get(e.userId);
    if (e.type === "purchase" && (!seen || e.createdAtMs >= seen.createdAtMs)) last.set(e.userId, e);
  }
  const training = events.filter((e) => {
    const held = last.get(e.userId);
    return !held || e.createdAtMs < held.createdAtMs;
  });
  return { training, heldOut: new Map([...last].map(([user, e]) => [user, e.bookId])) };
}
