import type { MatchedTerms } from "./highlights.js";
import type { Alternative, Clause, ClauseRole } from "./inverted-index.js";
import { bigrams, pinyinTerm, wordTerm, type QueryWord } from "./text-analysis.js";
import { typoVariants } from "./typo-variants.js";

/** What the index knows of a term: whether it has it, and in how many books. */
export interface TermLookup {
  has(term: string): boolean;
  frequency(term: string): number;
}

/** A query's clauses for the inverted index, and what it matched for highlights. */
export interface TextQuery {
  readonly clauses: readonly Clause[];
  readonly matched: MatchedTerms;
}

/** A word matched through a typo counts for less than the word itself. */
const TYPO_WEIGHT = 0.7;
/** A Latin word read as pinyin (a guess: it matched no English word) counts like a typo match. */
const PINYIN_WEIGHT = 0.7;
/** Typo stand-ins tried per word, the most common first: enough for real typos, bounded for junk. */
const MAX_TYPO_VARIANTS = 5;
/** A long CJK word found only as its bigram chain (not as jieba's word) counts a little less. */
const BIGRAM_CHAIN_WEIGHT = 0.9;

/**
 * One clause per query word. A lone character (CJK or Latin) only adds score when the query has longer words;
 * words cut from one CJK run must all match; separately typed words should.
 */
export function textQuery(words: readonly QueryWord[], terms: TermLookup): TextQuery {
  const isShort = (w: QueryWord) => [...w.term].length === 1;
  const hasLongWord = words.some((w) => !isShort(w));
  const roleOf = (w: QueryWord): ClauseRole => {
    if (isShort(w) && hasLongWord) return "optional";
    return words.filter((other) => other.group === w.group && !(isShort(other) && hasLongWord)).length > 1 ? "must" : "should";
  };
  const latin = new Set<string>();
  const cjk: string[] = [];
  const clauses = words.map((word): Clause => {
    const role = roleOf(word);
    if (word.cjk) {
      cjk.push(word.term);
      const chars = [...word.term];
      const alternatives = [{ terms: [word.term], weight: 1 }];
      if (chars.length >= 3) alternatives.push({ terms: [...new Set(bigrams(chars))], weight: BIGRAM_CHAIN_WEIGHT });
      return { alternatives, role };
    }
    const alternatives = standIns(word, terms);
    for (const alt of alternatives) for (const term of alt.terms) latin.add(term);
    return { alternatives, role };
  });
  return { clauses, matched: { latin, cjk } };
}

/**
 * The word's own term when the index knows it. Otherwise the word read as pinyin (santi → 三体), and for a word of
 * five or more letters the known terms one edit away (of the stem first, then of the word as typed, stemmed),
 * the most common first.
 */
function standIns(word: QueryWord, terms: TermLookup): Alternative[] {
  if (terms.has(word.term)) return [{ terms: [word.term], weight: 1 }];
  const out: Alternative[] = [];
  const pinyin = pinyinTerm(word.surface);
  if (terms.has(pinyin)) out.push({ terms: [pinyin], weight: PINYIN_WEIGHT });
  if (word.fuzzy) {
    const known = (candidates: Iterable<string | undefined>) =>
      [...new Set(candidates)].filter((t): t is string => t !== undefined && terms.has(t));
    let variants = known(typoVariants(word.term));
    if (variants.length === 0) variants = known([...typoVariants(word.surface)].map((v) => wordTerm(v)));
    variants.sort((a, b) => terms.frequency(b) - terms.frequency(a) || (a < b ? -1 : 1));
    for (const term of variants.slice(0, MAX_TYPO_VARIANTS)) out.push({ terms: [term], weight: TYPO_WEIGHT });
  }
  return out.length > 0 ? out : [{ terms: [word.term], weight: 1 }];
}
