import type { User } from "./user.js";

export interface UserPage {
  items: User[];
  total: number;
}

export interface UserRepository {
  /** Throws CONFLICT when the username (any case) or email is taken. */
  insert(user: User): Promise<void>;
  byId(id: string): Promise<User | undefined>;
  /** Case-insensitive. */
  byUsername(username: string): Promise<User | undefined>;
  /** `email` normalized (lower-case). */
  byEmail(email: string): Promise<User | undefined>;
  /** Oldest first. */
  list(page: { offset: number; limit: number }): Promise<UserPage>;
  /** Writes email, role, disabled, updatedAt. Throws CONFLICT when the email is taken. */
  update(user: User): Promise<void>;
  count(): Promise<number>;
}
