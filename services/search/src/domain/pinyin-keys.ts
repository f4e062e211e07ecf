import { pinyin } from "pinyin-pro";
import { cutForIndex, cutQuery } from "./chinese-text.js";
import { normalizeText, textRuns, type TextRun } from "./text-analysis.js";

export interface PinyinKeys {
  /** Syllables run together: 计算机网络 → jisuanjiwangluo. */
  readonly full: string;
  /** First letters: 计算机网络 → jsjwl. */
  readonly initials: string;
}

const HAN = /\p{Script=Han}/u;
/** Distinct words remembered; past this the memo starts over (a bound, not a cache policy worth tuning). */
const MAX_MEMO_WORDS = 200_000;
const PINYIN_OPTIONS = { toneType: "none", type: "array", v: true } as const;

/**
 * Pinyin of titles and names, for search (santi → 三体) and suggest (jsj → 计算机…). pinyin-pro reads a polyphonic
 * character from its neighbours (重庆 → chongqing) but costs ~15 µs a call, too much for 100k titles: text is cut
 * into jieba words, which titles share, and each word is converted once and remembered. One maker serves both the
 * index and the suggester, so suggest's keys come from words the index already converted.
 */
export class PinyinKeyMaker {
  private readonly memo = new Map<string, readonly string[]>();

  /**
   * Pinyin words for the search index: each Han run whole (dongyeguiwu) and every jieba search-mode word of two or
   * more characters in it (计算机网络 → jisuanji, wangluo, …).
   */
  searchWords(text: string): string[] {
    const out = new Set<string>();
    for (const run of textRuns(normalizeText(text))) {
      if (!run.cjk || !HAN.test(run.text)) continue;
      out.add(this.runSyllables(run.text).join(""));
      for (const word of cutForIndex(run.text)) if ([...word].length >= 2) out.add(this.syllables(word).join(""));
    }
    return [...out];
  }

  /** Undefined for text without Han characters: its own spelling is the only key it needs. */
  keysOf(runs: readonly TextRun[]): PinyinKeys | undefined {
    if (!runs.some((r) => r.cjk && HAN.test(r.text))) return undefined;
    let full = "";
    let initials = "";
    for (const run of runs) {
      const syllables = run.cjk ? this.runSyllables(run.text) : [run.text];
      for (const syllable of syllables) {
        full += syllable;
        initials += syllable[0] ?? "";
      }
    }
    return { full, initials };
  }

  private runSyllables(run: string): string[] {
    return cutQuery(run).flatMap((word) => this.syllables(word));
  }

  private syllables(word: string): readonly string[] {
    let known = this.memo.get(word);
    if (known) return known;
    if (this.memo.size >= MAX_MEMO_WORDS) this.memo.clear();
    known = pinyin(word, PINYIN_OPTIONS).map((s) => s.toLowerCase());
    this.memo.set(word, known);
    return known;
  }
}
