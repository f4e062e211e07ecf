/**
 * Refresh tokens are random secrets handed to the client once; only their hash is stored,
 * so a leaked sessions table cannot be replayed.
 */
export interface RefreshTokenSource {
  create(): { token: string; hash: string };
  hashOf(token: string): string;
}
