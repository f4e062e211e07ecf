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

/** The repositories outside a transaction, and a way to run several changes as one. */
export interface UserStore extends UserRepositories {
  transaction<T>(work: (r: UserRepositories) => Promise<T>): Promise<T>;
}
