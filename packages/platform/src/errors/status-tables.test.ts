import { describe, expect, it } from "vitest";
import { Code, ConnectError } from "@connectrpc/connect";
import { AppError, Reason } from "./app-error.js";
import { fromConnectError, toConnectError, toHttpError } from "./status-tables.js";

describe("error mapping", () => {
  it("carries reason and details across a Connect boundary and back", () => {
    const original = new AppError(Reason.OUT_OF_STOCK, "not enough stock", { bookId: "42", wanted: 3 });
    const wire = toConnectError(original);
    expect(wire.code).toBe(Code.FailedPrecondition);
    const back = fromConnectError(wire);
    expect(back.reason).toBe(Reason.OUT_OF_STOCK);
    expect(back.message).toBe("not enough stock");
    expect(back.details).toEqual({ bookId: "42", wanted: 3 });
  });

  it("maps each reason to the HTTP status of the API contract", () => {
    const statuses = Object.values(Reason).map((r) => [r, toHttpError(new AppError(r, "x")).status]);
    expect(Object.fromEntries(statuses)).toEqual({
      VALIDATION_FAILED: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, OUT_OF_STOCK: 409,
      INVALID_STATE: 409, IDEMPOTENCY_MISMATCH: 422, RATE_LIMITED: 429, QUEUE_FULL: 429, UNAVAILABLE: 503, INTERNAL: 500,
    });
  });

  it("hides the message of unexpected errors behind a generic INTERNAL", () => {
    const wire = toConnectError(new Error("password=hunter2 leaked in a driver message"));
    const http = toHttpError(wire);
    expect(http.status).toBe(500);
    expect(http.body.error.message).toBe("internal error");
  });

  it("turns a reasonless transport failure into UNAVAILABLE", () => {
    expect(toHttpError(new ConnectError("connect ECONNREFUSED", Code.Unavailable)).status).toBe(503);
  });

  it("exposes Retry-After for rate limits", () => {
    const http = toHttpError(new AppError(Reason.RATE_LIMITED, "slow down", { retryAfterSeconds: 7 }));
    expect(http.retryAfterSeconds).toBe(7);
  });
});
