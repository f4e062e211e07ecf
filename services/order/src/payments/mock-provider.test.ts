import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@bookstore/platform/logger";
import { eventually } from "@bookstore/platform/testing";
import { verifySignature } from "../domain/payment-signature.js";
import { MockPaymentProvider } from "./mock-provider.js";

interface Received {
  body: Buffer;
  signature: string;
}

describe("mock payment provider", () => {
  const received: Received[] = [];
  const refused: Buffer[] = [];
  let failuresLeft = 0;
  let server: Server;
  let url = "";
  const logger = createLogger({ level: "silent", name: "mock-provider-test" });

  beforeAll(async () => {
    // The provider's counterpart: a real HTTP endpoint standing in for the gateway's callback route.
    server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          refused.push(Buffer.concat(chunks));
          res.writeHead(503).end();
          return;
        }
        received.push({ body: Buffer.concat(chunks), signature: String(req.headers["x-signature"]) });
        res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const provider = () => new MockPaymentProvider({ callbackUrl: url, hmacSecret: "k3y", callbackDelayMs: 10, logger });

  it("posts one signed success callback per payment, even when asked twice", async () => {
    const p = provider();
    const before = received.length;
    p.requestPayment({ paymentId: "11", orderId: "22", amountCents: 4_550 });
    p.requestPayment({ paymentId: "11", orderId: "22", amountCents: 4_550 });
    const got = await eventually(() => {
      const r = received[before];
      if (!r) throw new Error("no callback yet");
      return r;
    });
    expect(verifySignature("k3y", got.body, got.signature)).toBe(true);
    expect(JSON.parse(got.body.toString())).toEqual({
      eventId: expect.any(String), paymentId: "11", orderId: "22", status: "succeeded", amountCents: 4_550,
    });
    p.close();
    expect(received.length).toBe(before + 1);
  });

  it("retries a failed delivery with the same event id", async () => {
    const p = provider();
    const before = received.length;
    failuresLeft = 1;
    p.requestPayment({ paymentId: "33", orderId: "44", amountCents: 1 });
    await eventually(() => expect(received.length).toBe(before + 1), { timeoutMs: 3_000 });
    const eventId = (b: Buffer | undefined) => JSON.parse(b?.toString() ?? "{}").eventId;
    expect(eventId(received[before]?.body)).toBe(eventId(refused.at(-1)));
    p.close();
  });

  it("sends nothing once closed", async () => {
    const p = provider();
    const before = received.length;
    p.requestPayment({ paymentId: "55", orderId: "66", amountCents: 1 });
    p.close();
    p.requestPayment({ paymentId: "77", orderId: "88", amountCents: 1 });
    // Another provider's callback arriving proves time passed beyond the closed one's delay.
    const other = provider();
    other.requestPayment({ paymentId: "99", orderId: "100", amountCents: 1 });
    await eventually(() => expect(received.length).toBe(before + 1));
    expect(JSON.parse(received[before]?.body.toString() ?? "{}").paymentId).toBe("99");
    other.close();
  });
});
