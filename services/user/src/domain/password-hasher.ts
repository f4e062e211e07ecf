/** Slow, salted password hashing (argon2id in production); implemented outside the domain. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}
