import type { AddressRepository } from "./address-repository.js";
import type { CouponRepository } from "./coupon-repository.js";
import type { SessionRepository } from "./session-repository.js";
import type { UserRepository } from "./user-repository.js";

export interface UserRepositories {
  users: UserRepository;
  sessions: SessionRepository;
  addresses: AddressRepository;
  coupons: CouponRepository;
}

/** Lookups that tolerate a replica slightly behind the primary: listings and profile views, never auth decisions. */
export interface UserReads {
  users: Pick<UserRepository, "byId" | "list" | "count">;
  addresses: Pick<AddressRepository, "byId" | "listByUser">;
}

/**
 * The repositories outside a transaction (on the primary), a way to run several changes as one, and replica reads.
 * Login, registration checks and token rotation use the primary repositories: a stale replica there could accept a
 * revoked token or miss a just-created account.
 */
export interface UserStore extends UserRepositories {
  transaction<T>(work: (r: UserRepositories) => Promise<T>): Promise<T>;
  /** Reads for `userId`: a fresh replica when there is one, the primary right after that user's own write. */
  reads(ctx: { userId: string }): UserReads;
  /** After a write commits, so the user's next `reads` see it (read-your-writes). */
  noteWrite(userId: string): void;
}
