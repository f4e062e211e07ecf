import { createHmac, timingSafeEqual } from "node:crypto";

const PREFIX = "sha256=";

/** `sha256=<hex HMAC-SHA256 of the raw body>`, as the provider sends it in X-Signature. */
export function signPayload(secret: string, body: Uint8Array): string {
  return PREFIX + createHmac("sha256", secret).update(body).digest("hex");
}

/** Constant-time over the digest bytes, so a forger learns nothing from how long a wrong guess took. */
export function verifySignature(secret: string, body: Uint8Array, header: string): boolean {
  if (!secret || !header.startsWith(PREFIX)) return false;
  const hex = header.slice(PREFIX.length);
  if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(hex, "hex"));
}
