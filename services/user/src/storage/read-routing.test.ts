import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { openDatabase, type Database } from "@bookstore/platform/db";
import { Reason } from "@bookstore/platform/errors";
import { createLogger } from "@bookstore/platform/logger";
import {
  eventually,
  hasMariadb,
  servicesRequired,
  startReplicatedMariadb,
  type ReplicatedMariadb,
} from "@bookstore/platform/testing";
import { CreateAddress } from "../domain/create-address.js";
import { DeleteAddress } from "../domain/delete-address.js";
import { GetAddress } from "../domain/get-address.js";
import { GetUser } from "../domain/get-user.js";
import { ListAddresses } from "../domain/list-addresses.js";
import { ListUsers } from "../domain/list-users.js";
import { Login } from "../domain/login.js";
import { RefreshSession } from "../domain/refresh-session.js";
import { Register } from "../domain/register.js";
import { TokenIssuer } from "../domain/token-issuer.js";
import { UpdateUser } from "../domain/update-user.js";
import { Argon2PasswordHasher } from "../security/argon2-password-hasher.js";
import { JwtAccessTokenIssuer } from "../security/jwt-access-token-issuer.js";
import { RandomRefreshTokens } from "../security/random-refresh-tokens.js";
import { KyselyUserStore } from "./kysely-user-store.js";
import { migrationsFor } from "./migrations.js";
import type { UserDb } from "./schema.js";
import { aUser, testIds, uniqueName } from "./test-fixtures.js";

// A replica that stays "fresh" however far behind it falls: with its SQL thread stopped it is a deterministic
// stale copy, so every read that the rules send to it visibly misses what was written after the stop.
const POLICY = { freshMs: 600_000, maxLagMs: 1_200_000, probeIntervalMs: 100, readYourWritesMs: 600_000 };

const serverId = async (db: Kysely<UserDb>) =>
  Number((await sql<{ id: number }>`SELECT @@server_id AS id`.execute(db)).rows[0]?.id);

describe.runIf(hasMariadb() || servicesRequired)("user service read routing on a MariaDB primary + replica", () => {
  let servers: ReplicatedMariadb;
  let database: Database<UserDb>;
  const clock = new FakeClock();
  const refresh = new RandomRefreshTokens();
  const hasher = new Argon2PasswordHasher();

  beforeAll(async () => {
    servers = await startReplicatedMariadb();
    database = await openDatabase<UserDb>({
      service: "user",
      config: {
        dialect: "mysql",
        url: servers.primary.url,
        databasePrefix: "t_",
        poolSize: 4,
        replicaUrls: [servers.replica.url],
        replicaLag: POLICY,
      },
      dataDir: "",
      migrations: migrationsFor,
      logger: createLogger({ level: "silent", name: "user-routing-test" }),
    });
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await servers?.stop();
  });

  const useCases = () => {
    const store = new KyselyUserStore(database.db, database.dialect, database);
    const tokens = new TokenIssuer({
      access: new JwtAccessTokenIssuer("k".repeat(32), 900),
      refresh,
      ids: testIds,
      refreshTtlSeconds: 3600,
    });
    return {
      store,
      register: new Register({ store, hasher, clock, ids: testIds }),
      login: new Login({ store, hasher, tokens, clock }),
      refresh: new RefreshSession({ store, refresh, tokens, clock }),
      getUser: new GetUser({ store }),
      listUsers: new ListUsers({ store }),
      updateUser: new UpdateUser({ store, clock }),
      createAddress: new CreateAddress({ store, clock, ids: testIds }),
      deleteAddress: new DeleteAddress({ store }),
      listAddresses: new ListAddresses({ store }),
      getAddress: new GetAddress({ store }),
    };
  };
  const address = {
    recipient: "Li Lei",
    phone: "13800000000",
    region: "Beijing",
    line1: "1 Chang'an Ave",
    postalCode: "",
  };
  const notFound = expect.objectContaining({ reason: Reason.NOT_FOUND });

  /** Replica caught up with everything so far (a row written now is visible through it), then frozen. */
  async function stallReplica(): Promise<{ staff: string; bystander: string }> {
    const uc = useCases();
    const staff = aUser({ role: "admin" });
    const bystander = aUser();
    await uc.store.users.insert(staff);
    await uc.store.users.insert(bystander);
    await eventually(
      async () => {
        expect(await serverId(database.reader())).toBe(2);
        expect(await uc.getUser.execute({ id: staff.id, viewerId: bystander.id })).toMatchObject({ id: staff.id });
      },
      { timeoutMs: 15_000 },
    );
    await servers.stopReplicaSql();
    return { staff: staff.id, bystander: bystander.id };
  }

  it("shows a user their own registration and address changes at once, while other viewers read the replica", async () => {
    const uc = useCases();
    const { bystander } = await stallReplica();
    try {
      const username = uniqueName("Reader");
      const user = await uc.register.execute({ username, email: `${username}@example.test`, password: "password-1" });
      // The replica never saw the account: a viewer without a recent write of their own reads it there.
      await expect(uc.getUser.execute({ id: user.id, viewerId: bystander })).rejects.toEqual(notFound);
      expect(await uc.getUser.execute({ id: user.id, viewerId: user.id })).toMatchObject({ id: user.id, username });

      const home = await uc.createAddress.execute({ userId: user.id, ...address, isDefault: true });
      expect((await uc.listAddresses.execute({ userId: user.id })).map((a) => a.id)).toEqual([home.id]);
      expect(await uc.getAddress.execute({ userId: user.id, id: home.id })).toMatchObject({ recipient: "Li Lei" });
      await uc.deleteAddress.execute({ userId: user.id, id: home.id });
      expect(await uc.listAddresses.execute({ userId: user.id })).toEqual([]);
    } finally {
      await servers.startReplicaSql();
    }
  });

  it("logs in and rotates refresh tokens on the primary: an account and session the replica never saw work", async () => {
    const uc = useCases();
    await stallReplica();
    try {
      const username = uniqueName("Rotator");
      await uc.register.execute({ username, email: `${username}@example.test`, password: "password-1" });
      const first = await uc.login.execute({ login: username, password: "password-1" });
      const second = await uc.refresh.execute({ refreshToken: first.tokens.refreshToken });
      expect(second.user.id).toBe(first.user.id);
      // Reuse of the rotated token is caught: the revocation just written on the primary is what decides.
      await expect(uc.refresh.execute({ refreshToken: first.tokens.refreshToken })).rejects.toEqual(
        expect.objectContaining({ reason: Reason.UNAUTHENTICATED }),
      );
      await expect(uc.refresh.execute({ refreshToken: second.tokens.refreshToken })).rejects.toEqual(
        expect.objectContaining({ reason: Reason.UNAUTHENTICATED }),
      );
    } finally {
      await servers.startReplicaSql();
    }
  });

  it("shows staff their own change in the user list; the changed user sees it too; the replica catches up", async () => {
    const uc = useCases();
    const { staff, bystander } = await stallReplica();
    const target = aUser();
    try {
      // Written straight to the primary by nobody the router knows about: only the replica's catch-up reveals it.
      await uc.store.users.insert(target);
      await expect(uc.getUser.execute({ id: target.id, viewerId: bystander })).rejects.toEqual(notFound);
      await uc.updateUser.execute({ userId: staff, staff: true }, { id: target.id, role: "editor" });
      const page = await uc.listUsers.execute({ page: 1, size: 100, viewerId: staff });
      expect(page.items.find((u) => u.id === target.id)).toMatchObject({ role: "editor" });
      expect(await uc.getUser.execute({ id: target.id, viewerId: target.id })).toMatchObject({ role: "editor" });
    } finally {
      await servers.startReplicaSql();
    }
    await eventually(
      async () => {
        expect(await uc.getUser.execute({ id: target.id, viewerId: bystander })).toMatchObject({ role: "editor" });
      },
      { timeoutMs: 15_000 },
    );
  });
});
