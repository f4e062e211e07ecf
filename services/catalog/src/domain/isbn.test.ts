import { describe, expect, it } from "vitest";
import { isValidIsbn13, normalizeIsbn } from "./isbn.js";

describe("ISBN-13", () => {
  it("accepts real ISBNs with a correct check digit, 978 and 979 alike", () => {
    for (const isbn of ["9787536692930", "9780132350884", "9781449373320", "9791032305690"]) expect(isValidIsbn13(isbn)).toBe(true);
  });

  it("rejects a wrong check digit, a wrong length, letters and a non-book prefix", () => {
    for (const isbn of ["9787536692931", "978753669293", "97875366929300", "978753669293X", "1234567890128", ""])
      expect(isValidIsbn13(isbn)).toBe(false);
  });

  it("treats hyphens and spaces as presentation", () => {
    expect(normalizeIsbn("978-7-5366-9293-0")).toBe("9787536692930");
    expect(normalizeIsbn(" 978 0 13 235088 4 ")).toBe("9780132350884");
  });
});
