import type { Kysely } from "kysely";
import { isDuplicateKeyError, toNumber } from "@bookstore/platform/db";
import { duplicateUser } from "../domain/errors.js";
import { usernameKey, type User } from "../domain/user.js";
import type { UserPage, UserRepository } from "../domain/user-repository.js";
import { userFromRow, userToRow } from "./user-mapping.js";
import type { UserDb } from "./schema.js";

export class KyselyUserRepository implements UserRepository {
  constructor(private readonly db: Kysely<UserDb>) {}

  async insert(user: User): Promise<void> {
    try {
      await this.db.insertInto("users").values(userToRow(user)).execute();
    } catch (e) {
      if (isDuplicateKeyError(e)) throw duplicateUser();
      throw e;
    }
  }

  async byId(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
    return row && userFromRow(row);
  }

  async byUsername(username: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("username_key", "=", usernameKey(username))
      .executeTakeFirst();
    return row && userFromRow(row);
  }

  async byEmail(email: string): Promise<User | undefined> {
    const row = await this.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
    return row && userFromRow(row);
  }

  async list(page: { offset: number; limit: number }): Promise<UserPage> {
    const rows = await this.db
      .selectFrom("users")
      .selectAll()
      .orderBy("id")
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return { items: rows.map(userFromRow), total: await this.count() };
  }

  async update(user: User): Promise<void> {
    try {
      await this.db
        .updateTable("users")
        .set({ email: user.email, role: user.role, disabled: user.disabled ? 1 : 0, updated_at: user.updatedAtMs })
        .where("id", "=", user.id)
        .execute();
    } catch (e) {
      if (isDuplicateKeyError(e)) throw duplicateUser();
      throw e;
    }
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    return toNumber(row.n as number | bigint | string);
  }
}
