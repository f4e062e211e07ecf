import { describe, expect, it } from "vitest";
import { progressReporter } from "./reindex.js";

describe("reindex progress", () => {
  const run = (isTTY: boolean) => {
    const written: string[] = [];
    const report = progressReporter({ isTTY, write: (text: string) => written.push(text) });
    for (let applied = 0; applied <= 5_000; applied += 250) report({ applied, expected: 5_000 });
    return written;
  };

  it("redraws one bar in place on a terminal", () => {
    const written = run(true);
    expect(written).toHaveLength(21);
    expect(written.every((w) => w.startsWith("\r\x1b[2K[") && !w.includes("\n"))).toBe(true);
    expect(written.at(-1)).toMatch(/^\r\x1b\[2K\[█{30}\] 100% 5,000\/5,000 books \d+\.\d s$/);
  });

  it("writes a plain line per tenth of the way elsewhere (logs, CI)", () => {
    const written = run(false);
    expect(written.map((w) => w.replace(/ \d+\.\d s\n$/, ""))).toEqual(
      Array.from({ length: 11 }, (_, tenth) => `reindex: ${tenth * 10}% ${(tenth * 500).toLocaleString("en")}/5,000 books`),
    );
  });
});
