import { createHash, randomBytes } from "node:crypto";
import type { RefreshTokenSource } from "../domain/refresh-token-source.js";

const TOKEN_BYTES = 32;

/**
 * 256 random bits, base64url. SHA-256 (not a slow hash) is enough to store them: unlike passwords they
 * carry full entropy, and a fast hash lets a refresh be one indexed lookup.
 */
export class RandomRefreshTokens implements RefreshTokenSource {
  create(): { token: string; hash: string } {
    const token = randomBytes(TOKEN_BYTES).toString("base64url");
    return { token, hash: this.hashOf(token) };
  }

  hashOf(token: string): string {
    return createHash("sha256").update(token, "utf8").digest("hex");
  }
}
