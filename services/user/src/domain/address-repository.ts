import type { Address } from "./address.js";

export interface AddressRepository {
  /**
   * Serializes address-book changes of one user until the transaction ends (the count limit and the single
   * default are read-then-write rules). False when the user does not exist.
   */
  lockOwner(userId: string): Promise<boolean>;
  insert(address: Address): Promise<void>;
  /** Only the owner's: another user's id reads as absent. */
  byId(userId: string, id: string): Promise<Address | undefined>;
  /** Default first, then newest first. */
  listByUser(userId: string): Promise<Address[]>;
  countByUser(userId: string): Promise<number>;
  update(address: Address): Promise<void>;
  delete(userId: string, id: string): Promise<boolean>;
  clearDefault(userId: string, nowMs: number): Promise<void>;
}
