import type { Kysely } from "kysely";
import { toNumber, type SqlDialect } from "@bookstore/platform/db";
import type { Address } from "../domain/address.js";
import type { AddressRepository } from "../domain/address-repository.js";
import { addressFromRow, addressToRow } from "./address-mapping.js";
import type { UserDb } from "./schema.js";

export class KyselyAddressRepository implements AddressRepository {
  constructor(
    private readonly db: Kysely<UserDb>,
    private readonly dialect: SqlDialect,
  ) {}

  async lockOwner(userId: string): Promise<boolean> {
    // MySQL: the owner's row lock makes concurrent address-book changes of one user wait for each other.
    // SQLite runs one write transaction at a time already (and has no FOR UPDATE).
    let q = this.db.selectFrom("users").select("id").where("id", "=", userId);
    if (this.dialect === "mysql") q = q.forUpdate();
    return (await q.executeTakeFirst()) !== undefined;
  }

  async insert(address: Address): Promise<void> {
    await this.db.insertInto("addresses").values(addressToRow(address)).execute();
  }

  async byId(userId: string, id: string): Promise<Address | undefined> {
    const row = await this.db
      .selectFrom("addresses")
      .selectAll()
      .where("id", "=", id)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return row && addressFromRow(row);
  }

  async listByUser(userId: string): Promise<Address[]> {
    const rows = await this.db
      .selectFrom("addresses")
      .selectAll()
      .where("user_id", "=", userId)
      .orderBy("is_default", "desc")
      .orderBy("id", "desc")
      .execute();
    return rows.map(addressFromRow);
  }

  async countByUser(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom("addresses")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow();
    return toNumber(row.n as number | bigint | string);
  }

  async update(address: Address): Promise<void> {
    const { id: _id, user_id: _owner, created_at: _created, ...changes } = addressToRow(address);
    await this.db
      .updateTable("addresses")
      .set(changes)
      .where("id", "=", address.id)
      .where("user_id", "=", address.userId)
      .execute();
  }

  async delete(userId: string, id: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom("addresses")
      .where("id", "=", id)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return r.numDeletedRows === 1n;
  }

  async clearDefault(userId: string, nowMs: number): Promise<void> {
    await this.db
      .updateTable("addresses")
      .set({ is_default: 0, updated_at: nowMs })
      .where("user_id", "=", userId)
      .where("is_default", "=", 1)
      .execute();
  }
}
