import { hash, verify } from "@node-rs/argon2";
import type { PasswordHasher } from "../domain/password-hasher.js";

/**
 * argon2id with the library's defaults (19 MiB, 2 passes, 1 lane: the OWASP baseline). The algorithm is the
 * default too; the `Algorithm` const enum cannot be imported under isolatedModules. Parameters travel inside
 * each PHC string, so raising them later keeps old hashes verifiable.
 */
export class Argon2PasswordHasher implements PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(hashed: string, password: string): Promise<boolean> {
    try {
      return await verify(hashed, password);
    } catch (e) {
      // A malformed stored hash is a data problem, not a wrong password: let it surface as INTERNAL.
      throw new Error("stored password hash could not be verified", { cause: e });
    }
  }
}
