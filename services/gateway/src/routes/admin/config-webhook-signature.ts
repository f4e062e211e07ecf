import { createHmac, timingSafeEqual } from "node:crypto";

/** The X-Hub-Signature-256 value a Git host sends: "sha256=" + hex HMAC-SHA256 of the exact body bytes. */
export function hubSignature(secret: string, body: Uint8Array): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * True when `header` is the body's signature under `secret`. The comparison takes the same time wherever the
 * first wrong byte is; only a wrong length (not secret: every valid header has 71 characters) returns early.
 */
export function verifyHubSignature(secret: string, body: Uint8Array, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(hubSignature(secret, body), "utf8");
  const given = Buffer.from(header.trim().toLowerCase(), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
