import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { Converter } from "opencc-js";

/**
 * Chinese segmentation (jieba) and traditional → simplified folding (OpenCC). Both load immutable dictionaries that
 * take a noticeable time (jieba ~170 ms), so each is loaded once per process, on first use, and shared by every index.
 */
let jieba: Jieba | undefined;
let toSimplifiedChars: ((text: string) => string) | undefined;

const segmenter = (): Jieba => (jieba ??= Jieba.withDict(dict));

/** Words for indexing: jieba's search mode also emits the shorter words inside long ones (计算机网络 → 计算机, 网络). */
export function cutForIndex(text: string): string[] {
  return segmenter().cutForSearch(text, true);
}

/** Words of a query: the precise cut, with HMM so unknown names (余华) stay one word. */
export function cutQuery(text: string): string[] {
  return segmenter().cut(text, true);
}

const HAN = /\p{Script=Han}/u;

/** 計算機 → 计算机; text without Han characters is returned as it is (no dictionary walk). */
export function toSimplified(text: string): string {
  if (!HAN.test(text)) return text;
  const convert = (toSimplifiedChars ??= Converter({ from: "t", to: "cn" }));
  return convert(text);
}
