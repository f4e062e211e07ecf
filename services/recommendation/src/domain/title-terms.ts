/** Words too common in titles to say two books are alike. */
const STOP_WORDS = new Set(["the", "a", "an", "of", "and", "to", "in", "for", "on", "with", "edition", "vol", "volume"]);
/** A run of Chinese characters, or a run of other letters and digits. */
const PIECES = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
const HAN = /^\p{Script=Han}/u;

/**
 * A title's terms for content similarity: Latin words (lowercased, 2+ characters, no stop words) and, for Chinese,
 * overlapping character pairs, which match shared words without a segmenter (计算机网络 → 计算, 算机, 机网, 网络).
 */
export function titleTerms(title: string): Set<string> {
  const terms = new Set<string>();
  for (const piece of title.normalize("NFKC").toLowerCase().match(PIECES) ?? []) {
    if (!HAN.test(piece)) {
      if (piece.length >= 2 && !STOP_WORDS.has(piece)) terms.add(piece);
    } else if (piece.length === 1) {
      terms.add(piece);
    } else {
      for (let i = 0; i + 1 < piece.length; i++) terms.add(piece.slice(i, i + 2));
    }
  }
  return terms;
}

/** Author names compared loosely: case, spacing, dots and full-width forms do not matter. */
export const authorKey = (name: string): string =>
  name.normalize("NFKC").toLowerCase().replace(/[\s.·•]+/g, " ").trim();
