import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@bookstore/platform/errors";
import { parsePaymentEvent } from "./payment-event.js";
import { signPayload, verifySignature } from "./payment-signature.js";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("payment callback signature", () => {
  const body = bytes('{"eventId":"e1"}');

  it("is sha256=<hex HMAC-SHA256 of the raw body>", () => {
    expect(signPayload("s3cret", body)).toBe(`sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`);
  });

  it("verifies the right signature and nothing else", () => {
    const good = signPayload("s3cret", body);
    expect(verifySignature("s3cret", body, good)).toBe(true);
    expect(verifySignature("other", body, good)).toBe(false);
    expect(verifySignature("s3cret", bytes('{"eventId":"e2"}'), good)).toBe(false);
    expect(verifySignature("s3cret", body, good.slice(7))).toBe(false);
    expect(verifySignature("s3cret", body, "sha256=abc")).toBe(false);
    expect(verifySignature("s3cret", body, "")).toBe(false);
    expect(verifySignature("", body, signPayload("", body))).toBe(false);
  });
});

describe("payment callback body", () => {
  const valid = { eventId: "e1", paymentId: "11", orderId: "12", status: "succeeded", amountCents: 100 };

  it("reads a valid event", () => {
    expect(parsePaymentEvent(bytes(JSON.stringify(valid)))).toEqual(valid);
  });

  it("answers VALIDATION_FAILED for anything malformed", () => {
    const bad = [
      "not json",
      "[]",
      JSON.stringify({ ...valid, status: "maybe" }),
      JSON.stringify({ ...valid, amountCents: "100" }),
      JSON.stringify({ ...valid, amountCents: -1 }),
      JSON.stringify({ ...valid, eventId: "" }),
      JSON.stringify({ ...valid, extra: 1 }),
      JSON.stringify({ eventId: "e1" }),
    ];
    for (const raw of bad) {
      let reason: string | undefined;
      try {
        parsePaymentEvent(bytes(raw));
      } catch (e) {
        reason = e instanceof AppError ? e.reason : "other";
      }
      expect(reason, raw).toBe("VALIDATION_FAILED");
    }
  });
});
