import { randomUUID } from "node:crypto";
import type { Logger } from "@bookstore/platform/logger";
import type { PaymentProvider, PaymentRequest } from "../domain/payment-provider-port.js";
import { signPayload } from "../domain/payment-signature.js";

export interface MockProviderOptions {
  callbackUrl: string;
  hmacSecret: string;
  callbackDelayMs: number;
  logger: Logger;
  /** Tries per callback before giving up (the buyer can pay again to get another one). */
  attempts?: number;
}

const RETRY_DELAY_MS = 500;

/**
 * Stands in for a payment gateway: every payment succeeds, and after callbackDelayMs the provider posts the
 * signed outcome to callbackUrl, as a real one would. Retries a failed delivery a few times with the same
 * event id (the receiver dedupes). Its timers and in-flight requests end with close().
 */
export class MockPaymentProvider implements PaymentProvider {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<string>();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(private readonly opts: MockProviderOptions) {}

  requestPayment(request: PaymentRequest): void {
    // Asked again for a payment it is still working on: one callback is enough.
    if (this.closed || this.inFlight.has(request.paymentId)) return;
    this.inFlight.add(request.paymentId);
    const body = JSON.stringify({
      eventId: randomUUID(),
      paymentId: request.paymentId,
      orderId: request.orderId,
      status: "succeeded",
      amountCents: request.amountCents,
    });
    this.schedule(request.paymentId, body, this.opts.attempts ?? 5, this.opts.callbackDelayMs);
  }

  private schedule(paymentId: string, body: string, attemptsLeft: number, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.deliver(paymentId, body, attemptsLeft);
    }, delayMs);
    this.timers.add(timer);
  }

  private async deliver(paymentId: string, body: string, attemptsLeft: number): Promise<void> {
    const bytes = new TextEncoder().encode(body);
    let problem: string;
    try {
      const res = await fetch(this.opts.callbackUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-signature": signPayload(this.opts.hmacSecret, bytes) },
        body: bytes,
        signal: this.abort.signal,
      });
      await res.arrayBuffer();
      if (res.ok) {
        this.inFlight.delete(paymentId);
        return;
      }
      problem = `status ${res.status}`;
    } catch (e) {
      if (this.closed) return;
      problem = e instanceof Error ? e.message : String(e);
    }
    if (this.closed) return;
    if (attemptsLeft > 1) {
      this.opts.logger.warn({ paymentId, problem }, "payment callback delivery failed; retrying");
      this.schedule(paymentId, body, attemptsLeft - 1, RETRY_DELAY_MS);
      return;
    }
    this.inFlight.delete(paymentId);
    this.opts.logger.error({ paymentId, problem }, "payment callback undeliverable; paying again sends a new one");
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.abort.abort();
  }
}
