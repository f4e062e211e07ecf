/** Words too common to tell books apart; dropped from documents and queries alike. Kept short on purpose. */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  ("a an and are as at be but by for from has have in into is it its of on or that the their this to was were " +
    "will with").split(" "),
);

/** Chinese function characters that jieba cuts out as words of their own (平凡/的/世界). */
export const CHINESE_STOP_CHARACTERS: ReadonlySet<string> = new Set([..."的了和与及之或等是在也"]);
