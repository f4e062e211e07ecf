import { describe, expect, it } from "vitest";
import { dismisses, validEvent, type EventInput } from "./behaviour-event.js";

const base: EventInput = { userId: "42", type: "view", bookId: "2006521928084361216", value: 0 };
const rejects = (over: Partial<EventInput>) =>
  expect(() => validEvent({ ...base, ...over }), JSON.stringify(over)).toThrow(expect.objectContaining({ reason: "VALIDATION_FAILED" }));

describe("validEvent", () => {
  it("accepts the four event types", () => {
    for (const type of ["view", "cart_add", "purchase", "feedback"]) expect(validEvent({ ...base, type }).type).toBe(type);
    expect(validEvent({ ...base, type: "feedback", value: -5 }).value).toBe(-5);
    expect(validEvent({ ...base, type: "purchase", value: 3 }).value).toBe(3);
  });

  it("gives feedback kinds their usual strength and keeps a bare rating as it was", () => {
    const feedback = (kind: string, value?: number) => validEvent({ ...base, type: "feedback", feedback: kind, value });
    expect(feedback("like")).toMatchObject({ feedback: "like", value: 5 });
    expect(feedback("like", 2)).toMatchObject({ feedback: "like", value: 2 });
    expect(feedback("dislike")).toMatchObject({ feedback: "dislike", value: -5 });
    expect(feedback("not_interested")).toMatchObject({ feedback: "not_interested", value: -1 });
    expect(validEvent({ ...base, type: "feedback", value: undefined })).toMatchObject({ value: 0 });
    expect(validEvent({ ...base, type: "feedback", value: 3 })).not.toHaveProperty("feedback");
  });

  it("keeps the client's event id and checks its form", () => {
    expect(validEvent({ ...base, clientEventId: "app-7:click.1" }).clientEventId).toBe("app-7:click.1");
    expect(validEvent({ ...base, clientEventId: "" })).not.toHaveProperty("clientEventId");
    rejects({ clientEventId: "has space" });
    rejects({ clientEventId: "x".repeat(65) });
  });

  it("rejects unknown types and kinds, malformed book ids, missing users and out-of-range values", () => {
    rejects({ type: "click" });
    rejects({ type: "" });
    rejects({ type: "like" });
    rejects({ bookId: "abc" });
    rejects({ bookId: "0" });
    rejects({ bookId: "99999999999999999999" });
    rejects({ userId: "" });
    rejects({ type: "feedback", value: 6 });
    rejects({ type: "view", value: -1 });
    rejects({ type: "feedback", feedback: "love" });
    rejects({ type: "view", feedback: "like" });
    rejects({ type: "feedback", feedback: "like", value: -2 });
    rejects({ type: "feedback", feedback: "dislike", value: 0 });
    rejects({ type: "feedback", feedback: "not_interested", value: 1 });
  });
});

describe("dismisses", () => {
  it("is true for dislikes, not-interested and negative bare ratings only", () => {
    expect(dismisses({ type: "feedback", value: -5, feedback: "dislike" })).toBe(true);
    expect(dismisses({ type: "feedback", value: 0, feedback: "not_interested" })).toBe(true);
    expect(dismisses({ type: "feedback", value: -1 })).toBe(true);
    expect(dismisses({ type: "feedback", value: 0 })).toBe(false);
    expect(dismisses({ type: "feedback", value: 5, feedback: "like" })).toBe(false);
    expect(dismisses({ type: "view", value: 0 })).toBe(false);
  });
});
