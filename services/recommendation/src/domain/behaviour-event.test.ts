import { describe, expect, it } from "vitest";
import { validEvent } from "./behaviour-event.js";

const base = { userId: "42", type: "view", bookId: "2006521928084361216", value: 0 };
const rejects = (over: Partial<typeof base>) =>
  expect(() => validEvent({ ...base, ...over })).toThrow(expect.objectContaining({ reason: "VALIDATION_FAILED" }));

describe("validEvent", () => {
  it("accepts the four event types", () => {
    for (const type of ["view", "cart_add", "purchase", "feedback"]) expect(validEvent({ ...base, type }).type).toBe(type);
    expect(validEvent({ ...base, type: "feedback", value: -5 }).value).toBe(-5);
    expect(validEvent({ ...base, type: "purchase", value: 3 }).value).toBe(3);
  });

  it("rejects unknown types, malformed book ids, missing users and out-of-range values", () => {
    rejects({ type: "click" });
    rejects({ type: "" });
    rejects({ bookId: "abc" });
    rejects({ bookId: "0" });
    rejects({ bookId: "99999999999999999999" });
    rejects({ userId: "" });
    rejects({ type: "feedback", value: 6 });
    rejects({ type: "view", value: -1 });
  });
});
