/**
 * Text analysis shared by documents and queries, so both sides always agree on tokens.
 * Latin (and other alphabetic) text splits into words; CJK text has no spaces, so it is indexed as
 * single characters plus overlapping bigrams: 计算机 → 计 算 机 计算 算机, which lets 计算机 match inside
 * 深入理解计算机系统 without a dictionary (a jieba segmenter can replace this later).
 */

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD = /[\p{L}\p{N}]/u;
/** Combining marks belong to the word they follow; alone (emoji variation selectors) they are noise. */
const MARK = /\p{M}/u;
/** Longer runs are noise (hashes, pasted blobs); cutting them keeps the dictionary small. */
const MAX_WORD_LENGTH = 40;

/** NFKC folds full-width forms (ＡＢＣ１２３) and compatibility characters; lowercase makes matching case-insensitive. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/** Runs of word characters, each tagged CJK or not; everything else (spaces, punctuation, emoji, controls) separates. */
function runs(normalized: string): { text: string[]; cjk: boolean }[] {
  const out: { text: string[]; cjk: boolean }[] = [];
  let current: { text: string[]; cjk: boolean } | undefined;
  for (const ch of normalized) {
    if (MARK.test(ch)) {
      if (current && !current.cjk) current.text.push(ch);
      continue;
    }
    const cjk = CJK.test(ch);
    if (!cjk && !WORD.test(ch)) {
      current = undefined;
      continue;
    }
    if (!current || current.cjk !== cjk) {
      current = { text: [], cjk };
      out.push(current);
    }
    current.text.push(ch);
  }
  return out;
}

/** Every token of a document field, repeats included (term frequency counts them). */
export function analyze(text: string): string[] {
  const tokens: string[] = [];
  for (const run of runs(normalizeText(text))) {
    if (!run.cjk) {
      tokens.push(run.text.slice(0, MAX_WORD_LENGTH).join(""));
      continue;
    }
    for (let i = 0; i < run.text.length; i++) {
      tokens.push(run.text[i] ?? "");
      if (i + 1 < run.text.length) tokens.push(`${run.text[i] ?? ""}${run.text[i + 1] ?? ""}`);
    }
  }
  return tokens;
}

export interface AnalyzedQuery {
  /** Terms a document must contain: each word, each CJK bigram (a lone CJK character stands for itself). */
  required: string[];
  /** Terms that add to the score: the required ones plus CJK single characters. */
  scoring: string[];
}

export function analyzeQuery(text: string): AnalyzedQuery {
  const required = new Set<string>();
  const scoring = new Set<string>();
  for (const run of runs(normalizeText(text))) {
    if (!run.cjk) {
      const word = run.text.slice(0, MAX_WORD_LENGTH).join("");
      required.add(word);
      scoring.add(word);
      continue;
    }
    if (run.text.length === 1) required.add(run.text[0] ?? "");
    for (let i = 0; i < run.text.length; i++) {
      scoring.add(run.text[i] ?? "");
      if (i + 1 < run.text.length) {
        const bigram = `${run.text[i] ?? ""}${run.text[i + 1] ?? ""}`;
        required.add(bigram);
        scoring.add(bigram);
      }
    }
  }
  return { required: [...required], scoring: [...scoring] };
}

/** A query that is an ISBN-10 or ISBN-13, with or without hyphens or spaces, as its bare digits (X kept upper case). */
export function asIsbn(text: string): string | undefined {
  const bare = text.normalize("NFKC").replace(/[\s-]/g, "").toUpperCase();
  return /^(\d{13}|\d{9}[\dX])$/.test(bare) ? bare : undefined;
}

/** The form hot queries are counted under: normalized, whitespace collapsed. */
export function queryKey(text: string): string {
  return normalizeText(text).replace(/\s+/gu, " ").trim();
}
