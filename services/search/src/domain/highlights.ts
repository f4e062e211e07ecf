import { bigrams, normalizeText, textRuns, wordTerm } from "./text-analysis.js";

/** A matched stretch of a field: UTF-16 offsets into the text as the catalog spells it, end exclusive. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export interface Highlights {
  readonly title: readonly TextRange[];
  readonly description: readonly TextRange[];
}

export const NO_HIGHLIGHTS: Highlights = { title: [], description: [] };

/** What a query matched: index terms of its Latin words (typo stand-ins included) and its CJK words. */
export interface MatchedTerms {
  readonly latin: ReadonlySet<string>;
  readonly cjk: readonly string[];
}

/** Characters (and words) remembered with their normalized form; past this a memo starts over (a bound, not a policy). */
const MAX_MEMO_CHARS = 50_000;
const charMemo = new Map<string, string>();

/** A page of hits normalizes thousands of characters, mostly the same few thousand: each is worked out once. */
function normalizedChar(ch: string): string {
  let piece = charMemo.get(ch);
  if (piece === undefined) {
    if (charMemo.size >= MAX_MEMO_CHARS) charMemo.clear();
    piece = normalizeText(ch);
    charMemo.set(ch, piece);
  }
  return piece;
}

const termMemo = new Map<string, string | undefined>();

/** Descriptions repeat their words: each is stemmed once (the same bound as characters). */
function termOf(word: string): string | undefined {
  if (termMemo.has(word)) return termMemo.get(word);
  if (termMemo.size >= MAX_MEMO_CHARS) termMemo.clear();
  const term = wordTerm(word, true);
  termMemo.set(word, term);
  return term;
}

/**
 * Normalizes one character at a time, remembering where each normalized unit came from, so ranges found in the
 * normalized text map back onto the original. (Per character, OpenCC cannot use its phrase table; a highlight may
 * miss in the rare phrase where that matters, which costs nothing but the mark.)
 */
function normalizedWithOrigins(original: string): { text: string; origins: number[] } {
  let text = "";
  const origins: number[] = [];
  let at = 0;
  for (const ch of original) {
    const piece = normalizedChar(ch);
    for (let i = 0; i < piece.length; i++) origins.push(at);
    text += piece;
    at += ch.length;
  }
  origins.push(at);
  return { text, origins };
}

function merged(ranges: TextRange[]): TextRange[] {
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TextRange[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, r.end) };
    else out.push(r);
  }
  return out;
}

/** Where the matched words occur in a field; a CJK word found nowhere whole is marked by its bigrams instead. */
export function highlightRanges(original: string, matched: MatchedTerms): TextRange[] {
  if (original === "" || (matched.latin.size === 0 && matched.cjk.length === 0)) return [];
  const { text, origins } = normalizedWithOrigins(original);
  const found: { start: number; end: number }[] = [];
  const runs = textRuns(text);
  const cjkRuns = runs.filter((r) => r.cjk);
  for (const run of runs) {
    if (run.cjk) continue;
    const term = termOf(run.text);
    if (term !== undefined && matched.latin.has(term)) found.push({ start: run.start, end: run.end });
  }
  const occurrences = (needle: string) => {
    const hits: { start: number; end: number }[] = [];
    for (const run of cjkRuns) {
      for (let i = run.text.indexOf(needle); i >= 0; i = run.text.indexOf(needle, i + 1))
        hits.push({ start: run.start + i, end: run.start + i + needle.length });
    }
    return hits;
  };
  for (const word of matched.cjk) {
    const whole = occurrences(word);
    found.push(...(whole.length > 0 ? whole : bigrams([...word]).flatMap(occurrences)));
  }
  return merged(found.map((r) => ({ start: origins[r.start] ?? 0, end: origins[r.end] ?? original.length })));
}
