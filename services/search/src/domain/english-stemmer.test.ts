import { describe, expect, it } from "vitest";
import { stem } from "./english-stemmer.js";

describe("Porter stemmer", () => {
  it("reduces inflections and derivations to one stem", () => {
    const cases: [string, string][] = [
      ["caresses", "caress"], ["ponies", "poni"], ["cats", "cat"], ["feed", "feed"], ["agreed", "agre"],
      ["plastered", "plaster"], ["motoring", "motor"], ["hopping", "hop"], ["filing", "file"], ["happy", "happi"],
      ["relational", "relat"], ["conditional", "condit"], ["digitizer", "digit"], ["hopefulness", "hope"],
      ["formalize", "formal"], ["electrical", "electr"], ["adoption", "adopt"], ["controll", "control"],
      ["algorithms", "algorithm"], ["programming", "program"], ["programmer", "programm"], ["learning", "learn"],
    ];
    for (const [word, expected] of cases) expect(stem(word), word).toBe(expected);
  });

  it("leaves short words, digits and other scripts alone", () => {
    for (const word of ["is", "go", "2nd", "c++", "café", "计算机"]) expect(stem(word)).toBe(word);
  });
});
