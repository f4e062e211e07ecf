import type { Config } from "@bookstore/platform/config";
import { openDatabase } from "@bookstore/platform/db";
import { closeInReverse, type Runtime, type ServiceHandle } from "@bookstore/platform/runtime";
import { CreateAddress } from "./domain/create-address.js";
import { CreateCoupon } from "./domain/create-coupon.js";
import { DeleteAddress } from "./domain/delete-address.js";
import { FreezeCoupon } from "./domain/freeze-coupon.js";
import { GetAddress } from "./domain/get-address.js";
import { GetUser } from "./domain/get-user.js";
import { ListAddresses } from "./domain/list-addresses.js";
import { ListCoupons } from "./domain/list-coupons.js";
import { ListUsers } from "./domain/list-users.js";
import { Login } from "./domain/login.js";
import { Logout } from "./domain/logout.js";
import { RefreshSession } from "./domain/refresh-session.js";
import { Register } from "./domain/register.js";
import { ReleaseCoupon } from "./domain/release-coupon.js";
import { SeedUsers } from "./domain/seed-users.js";
import { TokenIssuer } from "./domain/token-issuer.js";
import { UpdateAddress } from "./domain/update-address.js";
import { UpdateUser } from "./domain/update-user.js";
import { UseCoupon } from "./domain/use-coupon.js";
import { Argon2PasswordHasher } from "./security/argon2-password-hasher.js";
import { JwtAccessTokenIssuer } from "./security/jwt-access-token-issuer.js";
import { RandomRefreshTokens } from "./security/random-refresh-tokens.js";
import { KyselyUserStore } from "./storage/kysely-user-store.js";
import { migrationsFor } from "./storage/migrations.js";
import type { UserDb } from "./storage/schema.js";
import { registerUserHandlers } from "./transport/user-handlers.js";
import type { UserUseCases } from "./transport/user-use-cases.js";

/** Users, credentials, sessions, addresses and the coupon wallet (DESIGN.md "Services and data ownership"). */
export async function buildUserService(cfg: Readonly<Config>, rt: Runtime): Promise<ServiceHandle> {
  // Checked before the database opens, so a missing secret fails without leaving anything to close.
  const access = new JwtAccessTokenIssuer(cfg.auth.jwtSecret, cfg.auth.accessTtlSeconds);
  const db = await openDatabase<UserDb>({
    service: "user",
    config: cfg.database,
    dataDir: cfg.dataDir,
    migrations: migrationsFor,
    logger: rt.logger,
    metrics: rt.metrics,
    runAsLeader: rt.runAsLeader,
  });
  const close = closeInReverse([db]);
  const store = new KyselyUserStore(db.db, db.dialect, db);
  const { clock, ids } = rt;
  const hasher = new Argon2PasswordHasher();
  const refresh = new RandomRefreshTokens();
  const tokens = new TokenIssuer({ access, refresh, ids, refreshTtlSeconds: cfg.auth.refreshTtlSeconds });

  const uc: UserUseCases = {
    register: new Register({ store, hasher, clock, ids }),
    login: new Login({ store, hasher, tokens, clock }),
    refresh: new RefreshSession({ store, refresh, tokens, clock }),
    logout: new Logout({ store, refresh, clock }),
    getUser: new GetUser({ store }),
    listUsers: new ListUsers({ store }),
    updateUser: new UpdateUser({ store, clock }),
    listAddresses: new ListAddresses({ store }),
    getAddress: new GetAddress({ store }),
    createAddress: new CreateAddress({ store, clock, ids }),
    updateAddress: new UpdateAddress({ store, clock }),
    deleteAddress: new DeleteAddress({ store }),
    listCoupons: new ListCoupons({ store, clock }),
    createCoupon: new CreateCoupon({ store, clock, ids }),
    freezeCoupon: new FreezeCoupon({ store, clock }),
    releaseCoupon: new ReleaseCoupon({ store, clock }),
    useCoupon: new UseCoupon({ store, clock }),
  };
  const seed = new SeedUsers({ store, register: uc.register, createCoupon: uc.createCoupon });

  return {
    name: "user",
    routes: (router) => registerUserHandlers(router, uc),
    seed: (opts) => seed.execute(opts),
    ready: async () => ({ [db.name]: await db.ready() }),
    start: async () => undefined,
    close,
  };
}
