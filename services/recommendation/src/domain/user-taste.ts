import { dismisses, type BehaviourEvent } from "./behaviour-event.js";
import type { SimilarBook } from "./content-index.js";
import { decayed, interestOf } from "./interest.js";
import type { Neighbour } from "./item-similarity-model.js";
import type { ReasonCode } from "./reason.js";

/** A book the user showed interest in, and how: it anchors the books recommended because of it. */
export interface Anchor {
  readonly bookId: string;
  /** Summed interest of the user's events on it, decayed by age. */
  readonly interest: number;
  /** A purchase or cart add makes its neighbours "bought together"; views and likes "viewed together". */
  readonly bought: boolean;
}

export interface Taste {
  /** Strongest first. */
  readonly anchors: readonly Anchor[];
  /** Books whose latest feedback is a dislike or "not interested". */
  readonly dismissed: ReadonlySet<string>;
  /** Books whose latest feedback is a like (or a positive rating): known to the user, so not worth recommending. */
  readonly liked: ReadonlySet<string>;
}

/** The user's recent events and their feedback (newest first) as anchors and dismissed books. */
export function tasteOf(recent: readonly BehaviourEvent[], feedback: readonly BehaviourEvent[], nowMs: number, halfLifeMs: number): Taste {
  const dismissed = new Set<string>();
  const liked = new Set<string>();
  const judged = new Set<string>();
  for (const e of feedback) {
    if (judged.has(e.bookId)) continue; // only the latest feedback on a book counts: a like can undo a dislike
    judged.add(e.bookId);
    if (dismisses(e)) dismissed.add(e.bookId);
    else if (e.value > 0) liked.add(e.bookId);
  }
  const byBook = new Map<string, { interest: number; bought: boolean }>();
  for (const e of recent) {
    if (dismissed.has(e.bookId)) continue;
    const interest = decayed(interestOf(e), nowMs - e.createdAtMs, halfLifeMs);
    if (interest <= 0) continue;
    const a = byBook.get(e.bookId) ?? { interest: 0, bought: false };
    byBook.set(e.bookId, { interest: a.interest + interest, bought: a.bought || e.type === "purchase" || e.type === "cart_add" });
  }
  const anchors = [...byBook].map(([bookId, a]) => ({ bookId, ...a })).sort((x, y) => y.interest - x.interest);
  return { anchors, dismissed, liked };
}

export interface PersonalPick {
  readonly bookId: string;
  readonly score: number;
  readonly code: ReasonCode;
  /** The anchor that contributed most. */
  readonly relatedBookId: string;
}

export interface NeighbourSources {
  /** Collaborative neighbours (the item model). */
  items(bookId: string, limit: number): readonly Neighbour[];
  /** Content neighbours (same author, similar title): what a book nobody co-read yet still has. */
  content(bookId: string, limit: number): readonly SimilarBook[];
}

/** Anchors looked at: the user's strongest interests (bounds the work per request). */
const MAX_ANCHORS = 20;
const NEIGHBOURS_PER_ANCHOR = 30;
/** Content similarity is a weaker signal than readers' behaviour: it ranks below a comparable CF neighbour. */
const CONTENT_WEIGHT = 0.3;

/**
 * Books for this taste: each anchor's neighbours scored by anchor interest × similarity, summed over anchors
 * (a book near several of the user's books ranks higher). Anchors themselves are never picked.
 */
export function personalPicks(taste: Taste, sources: NeighbourSources): PersonalPick[] {
  const anchors = taste.anchors.slice(0, MAX_ANCHORS);
  const known = new Set(taste.anchors.map((a) => a.bookId));
  const picks = new Map<string, { score: number; best: number; code: ReasonCode; relatedBookId: string }>();
  const add = (bookId: string, contribution: number, code: ReasonCode, anchor: string) => {
    if (known.has(bookId) || contribution <= 0) return;
    const p = picks.get(bookId);
    if (!p) picks.set(bookId, { score: contribution, best: contribution, code, relatedBookId: anchor });
    else {
      p.score += contribution;
      if (contribution > p.best) Object.assign(p, { best: contribution, code, relatedBookId: anchor });
    }
  };
  for (const a of anchors) {
    for (const n of sources.items(a.bookId, NEIGHBOURS_PER_ANCHOR))
      add(n.bookId, a.interest * n.similarity, a.bought ? "bought_together" : "viewed_together", a.bookId);
    for (const n of sources.content(a.bookId, NEIGHBOURS_PER_ANCHOR)) add(n.bookId, a.interest * n.similarity * CONTENT_WEIGHT, n.match, a.bookId);
  }
  return [...picks]
    .map(([bookId, p]) => ({ bookId, score: p.score, code: p.code, relatedBookId: p.relatedBookId }))
    .sort((x, y) => y.score - x.score || (x.bookId < y.bookId ? -1 : 1));
}
