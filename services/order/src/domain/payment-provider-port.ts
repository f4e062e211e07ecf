export interface PaymentRequest {
  paymentId: string;
  orderId: string;
  amountCents: number;
}

/** Starts a payment at the provider; the outcome arrives later through the signed callback. */
export interface PaymentProvider {
  requestPayment(request: PaymentRequest): void;
}
