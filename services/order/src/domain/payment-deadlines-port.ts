/** Schedules the end of an order's payment window (a delayed durable job); at-least-once, so it may fire twice. */
export interface PaymentDeadlines {
  schedule(orderId: string, dueAtMs: number): Promise<void>;
}
