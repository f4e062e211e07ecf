import type { Kysely } from "kysely";
import type { SqlDialect } from "@bookstore/platform/db";
import type { AddressRepository } from "../domain/address-repository.js";
import type { CouponRepository } from "../domain/coupon-repository.js";
import type { SessionRepository } from "../domain/session-repository.js";
import type { UserRepository } from "../domain/user-repository.js";
import type { UserReads, UserRepositories, UserStore } from "../domain/user-store.js";
import { KyselyAddressRepository } from "./kysely-address-repository.js";
import { KyselyCouponRepository } from "./kysely-coupon-repository.js";
import { KyselySessionRepository } from "./kysely-session-repository.js";
import { KyselyUserRepository } from "./kysely-user-repository.js";
import type { UserDb } from "./schema.js";

const reposFor = (db: Kysely<UserDb>, dialect: SqlDialect): UserRepositories => ({
  users: new KyselyUserRepository(db),
  sessions: new KyselySessionRepository(db),
  addresses: new KyselyAddressRepository(db, dialect),
  coupons: new KyselyCouponRepository(db),
});

/** Where plain reads go and who just wrote: `Database` from openDatabase (lag-aware replica routing on MySQL). */
export interface ReadRouting {
  reader(ctx: { userId: string }): Kysely<UserDb>;
  noteWrite(userId: string): void;
}

export class KyselyUserStore implements UserStore {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly addresses: AddressRepository;
  readonly coupons: CouponRepository;

  /** Without `routing` every read uses `db` (SQLite, tests). */
  constructor(
    private readonly db: Kysely<UserDb>,
    private readonly dialect: SqlDialect,
    private readonly routing?: ReadRouting,
  ) {
    const repos = reposFor(db, dialect);
    this.users = repos.users;
    this.sessions = repos.sessions;
    this.addresses = repos.addresses;
    this.coupons = repos.coupons;
  }

  transaction<T>(work: (r: UserRepositories) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(reposFor(trx, this.dialect)));
  }

  reads(ctx: { userId: string }): UserReads {
    const reader = this.routing?.reader(ctx) ?? this.db;
    return { users: new KyselyUserRepository(reader), addresses: new KyselyAddressRepository(reader, this.dialect) };
  }

  noteWrite(userId: string): void {
    this.routing?.noteWrite(userId);
  }
}
