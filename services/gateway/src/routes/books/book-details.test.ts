import { describe, expect, it } from "vitest";
import { listedBookIds } from "./book-details.js";

describe("listedBookIds (book.listed payloads from the listing engine)", () => {
  it("reads {bookIds: string[]}", () => {
    expect(listedBookIds('{"bookIds":["1","22"]}')).toEqual(["1", "22"]);
    expect(listedBookIds('{"bookIds":[],"extra":true}')).toEqual([]);
  });

  it("rejects anything else instead of guessing", () => {
    for (const bad of ["", "not json", "null", "[]", '{"ids":["1"]}', '{"bookIds":"1"}', '{"bookIds":[1]}']) {
      expect(listedBookIds(bad), bad).toBeUndefined();
    }
  });
});
