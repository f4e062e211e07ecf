import { cutForIndex, cutQuery, toSimplified } from "./chinese-text.js";
import { stem } from "./english-stemmer.js";
import { CHINESE_STOP_CHARACTERS, ENGLISH_STOP_WORDS } from "./stop-words.js";

/**
 * Text analysis shared by documents and queries, so both sides always agree on terms.
 * - Everything is NFKC-folded (full-width ＡＢＣ１２３), traditional Chinese folded to simplified (計算機 → 计算机),
 *   lower-cased, and accents dropped from Latin letters (Gödel → godel).
 * - Latin (and other alphabetic) text splits into words, Porter-stemmed. Stop words go, except from short fields and
 *   from a query of nothing else (so "the" still finds titles).
 * - CJK text has no spaces. Documents index every character bigram (计算机 → 计算 算机), which matches any word of
 *   two or more characters even where the dictionary does not know it. Short fields (titles, names) also index
 *   jieba's search-mode words of three or more characters (计算机, 计算机网络), which reward a real word match, and
 *   single characters, where a one-character query means something.
 * - Queries use jieba's precise cut; a word of three or more characters matches as the word or, failing that, as the
 *   chain of its bigrams (the n-gram fallback).
 */

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD = /[\p{L}\p{N}]/u;
/** Combining marks belong to the word they follow; alone (emoji variation selectors) they are noise. */
const MARK = /\p{M}/u;
const APOSTROPHE = /['’]/u;
/** What c++ and c# are made of: a letter, then pluses or hashes. */
const SUFFIXABLE = /[\p{L}+#]/u;
const LATIN_WITH_MARKS = /(\p{Script=Latin})\p{M}+/gu;
/** Accented Latin letters (precomposed) or combining marks: only then is the NFD round trip worth its cost. */
const MAY_HAVE_ACCENTS = /[\u00c0-\u024f\u1e00-\u1eff\p{M}]/u;
/** Longer runs are noise (hashes, pasted blobs); cutting them keeps the dictionary small. */
const MAX_WORD_LENGTH = 40;
/** Typo tolerance starts at this many letters: shorter words have too many neighbours one edit away. */
export const MIN_FUZZY_LENGTH = 5;

/**
 * Variant characters OpenCC keeps apart but readers do not: 钱锺书 is commonly typed 钱钟书. Only pairs with one
 * meaning belong here.
 */
const VARIANTS = /锺/gu;
const VARIANT_OF: Readonly<Record<string, string>> = { 锺: "钟" };

/** Full-width folding, traditional → simplified, lower case and Latin accents dropped. */
export function normalizeText(text: string): string {
  let s = toSimplified(text.normalize("NFKC")).toLowerCase().replace(VARIANTS, (c) => VARIANT_OF[c] ?? c);
  if (MAY_HAVE_ACCENTS.test(s)) s = s.normalize("NFD").replace(LATIN_WITH_MARKS, "$1").normalize("NFC");
  return s;
}

export interface TextRun {
  readonly text: string;
  readonly cjk: boolean;
  /** UTF-16 offsets of the run in the scanned string, end exclusive. */
  readonly start: number;
  readonly end: number;
}

/**
 * Runs of word characters, each CJK or not; everything else (spaces, punctuation, emoji, controls) separates.
 * Apostrophes inside a word vanish (o'reilly → oreilly) and trailing + or # stay on a letter (c++, c#).
 */
export function textRuns(normalized: string): TextRun[] {
  const out: TextRun[] = [];
  let chars: string[] = [];
  let cjk = false;
  let start = 0;
  let end = 0;
  /** After c++ or c#, a letter starts a new word. */
  let sealed = false;
  const flush = () => {
    if (chars.length > 0) out.push({ text: chars.join(""), cjk, start, end });
    chars = [];
    sealed = false;
  };
  let at = 0;
  let pendingApostrophe = false;
  for (const ch of normalized) {
    const here = at;
    at += ch.length;
    if (MARK.test(ch)) {
      if (chars.length > 0 && !cjk && !sealed) {
        chars.push(ch);
        end = at;
      }
      continue;
    }
    const isCjk = CJK.test(ch);
    if (isCjk || WORD.test(ch)) {
      const continues = chars.length > 0 && cjk === isCjk && !sealed && (!pendingApostrophe || !isCjk);
      if (!continues) {
        flush();
        cjk = isCjk;
        start = here;
      }
      pendingApostrophe = false;
      chars.push(ch);
      end = at;
      continue;
    }
    const lastIsWord = chars.length > 0 && !cjk;
    if (lastIsWord && APOSTROPHE.test(ch) && !pendingApostrophe && !sealed) {
      pendingApostrophe = true;
      continue;
    }
    if (lastIsWord && (ch === "+" || ch === "#") && !pendingApostrophe && SUFFIXABLE.test(chars[chars.length - 1] ?? "")) {
      chars.push(ch);
      end = at;
      sealed = true;
      continue;
    }
    pendingApostrophe = false;
    flush();
  }
  flush();
  return out;
}

/** The index term of a Latin word; undefined for a stop word unless stop words are kept. */
export function wordTerm(word: string, keepStopWords = false): string | undefined {
  const capped = [...word].slice(0, MAX_WORD_LENGTH).join("");
  if (!keepStopWords && ENGLISH_STOP_WORDS.has(capped)) return undefined;
  return stem(capped);
}

/** Adjacent character pairs: 计算机 → 计算 算机. */
export function bigrams(chars: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i] ?? ""}${chars[i + 1] ?? ""}`);
  return out;
}

/**
 * "short" fields (title, authors, publisher, category) also index single CJK characters; a "pinyin" field holds
 * space-separated pinyin words, indexed as they are under their own prefix so they never meet English terms.
 */
export type FieldKind = "short" | "long" | "pinyin";

const PINYIN_PREFIX = "py:";
/** The index term of a pinyin word (santi → py:santi). */
export const pinyinTerm = (word: string) => PINYIN_PREFIX + word;

/** Every term of a document field, repeats included (term frequency counts them). */
export function analyzeField(text: string, kind: FieldKind): string[] {
  if (kind === "pinyin") return text.split(" ").filter((w) => w !== "").map(pinyinTerm);
  const terms: string[] = [];
  for (const run of textRuns(normalizeText(text))) {
    if (!run.cjk) {
      // Short fields keep their stop words, so a query of nothing else ("The Road" typed as "the") still finds titles.
      const term = wordTerm(run.text, kind === "short");
      if (term !== undefined) terms.push(term);
      continue;
    }
    const chars = [...run.text];
    if (kind === "short" || chars.length === 1) terms.push(...chars);
    terms.push(...bigrams(chars));
    // Descriptions keep bigrams only: indexing their words too would store most of their text twice.
    if (kind === "short" && chars.length >= 3) for (const word of cutForIndex(run.text)) if ([...word].length >= 3) terms.push(word);
  }
  return terms;
}

export interface QueryWord {
  readonly cjk: boolean;
  /** The index term: a stem for a Latin word, the word itself for CJK. */
  readonly term: string;
  /** The word as typed, normalized: what typo variants start from and highlights look for. */
  readonly surface: string;
  /** A Latin word of five or more letters: a word one edit away may stand in for it. */
  readonly fuzzy: boolean;
  /** Words cut from one run of CJK text share a group: together they are one thing the customer typed. */
  readonly group: number;
}

/**
 * The words of one CJK run of a query. Jieba leaves unknown names as single characters (東野圭吾 → 东野/圭/吾):
 * joined again they match as bigrams. A character still standing alone is not indexed in long fields, so it
 * matches together with its neighbour as typed (算机网 → 算机, 机网). Function characters (的, 和) are dropped.
 */
function queryWordsOfRun(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return CHINESE_STOP_CHARACTERS.has(run) ? [] : [run];
  const out: string[] = [];
  let pending = "";
  let pendingAt = 0;
  const flush = () => {
    if ([...pending].length === 1)
      out.push(pendingAt > 0 ? `${chars[pendingAt - 1] ?? ""}${pending}` : `${pending}${chars[pendingAt + 1] ?? ""}`);
    else if (pending) out.push(pending);
    pending = "";
  };
  let at = 0;
  for (const word of cutQuery(run)) {
    const length = [...word].length;
    if (length === 1 && !CHINESE_STOP_CHARACTERS.has(word)) {
      if (!pending) pendingAt = at;
      pending += word;
    } else {
      flush();
      if (length > 1) out.push(word);
    }
    at += length;
  }
  flush();
  return out;
}

/** The words of a query, each once; stop words are left out unless the query has nothing else. */
export function analyzeQuery(text: string): QueryWord[] {
  const words = new Map<string, QueryWord>();
  const stopWords = new Map<string, QueryWord>();
  textRuns(normalizeText(text)).forEach((run, group) => {
    if (!run.cjk) {
      const term = wordTerm(run.text, true);
      if (term === undefined) return;
      const fuzzy = /^[a-z]+$/.test(run.text) && run.text.length >= MIN_FUZZY_LENGTH;
      const into = wordTerm(run.text) === undefined ? stopWords : words;
      if (!into.has(term)) into.set(term, { cjk: false, term, surface: run.text, fuzzy, group });
      return;
    }
    for (const word of queryWordsOfRun(run.text))
      if (!words.has(word)) words.set(word, { cjk: true, term: word, surface: word, fuzzy: false, group });
  });
  return [...(words.size > 0 ? words : stopWords).values()];
}

/** ISBN-10 → ISBN-13 (978 prefix, check digit recomputed). */
function isbn13Of(isbn10: string): string {
  const body = `978${isbn10.slice(0, 9)}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

/**
 * A query (or catalog value) that is an ISBN-10 or ISBN-13, with or without hyphens, spaces or an "ISBN" prefix, as
 * its 13 digits: an ISBN-10 and the ISBN-13 of the same book give the same key.
 */
export function asIsbn(text: string): string | undefined {
  const bare = text
    .normalize("NFKC")
    .replace(/^\s*isbn(?:-1[03])?[\s:：]*/iu, "")
    .replace(/[\s-]/g, "")
    .toUpperCase();
  if (/^\d{13}$/.test(bare)) return bare;
  if (/^\d{9}[\dX]$/.test(bare)) return isbn13Of(bare);
  return undefined;
}

/** Names and titles compared whole: punctuation and spacing ignored (J.R.R. Tolkien = J. R. R. Tolkien). */
export function exactKey(text: string): string {
  return textRuns(normalizeText(text))
    .map((r) => r.text)
    .join("");
}

/**
 * The form hot queries are counted under: folded as search folds text (計算機 and 计算机 are one keyword, so are
 * ＧＯ and go), whitespace collapsed.
 */
export function queryKey(text: string): string {
  return normalizeText(text).replace(/\s+/gu, " ").trim();
}
