import type { Role } from "./user.js";

export interface AccessTokenSubject {
  userId: string;
  role: Role;
  permissions: readonly string[];
}

/** Signs short-lived access tokens the gateway verifies on its own (no call back to this service). */
export interface AccessTokenIssuer {
  issue(subject: AccessTokenSubject, now: Date): Promise<{ token: string; expiresInSeconds: number }>;
}
