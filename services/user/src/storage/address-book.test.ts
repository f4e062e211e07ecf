import { describe, expect, it } from "vitest";
import { FakeClock } from "@bookstore/platform/clock";
import { Reason } from "@bookstore/platform/errors";
import { testDialects, useTestDatabase } from "@bookstore/platform/testing";
import { MAX_ADDRESSES_PER_USER } from "../domain/address.js";
import { CreateAddress } from "../domain/create-address.js";
import { DeleteAddress } from "../domain/delete-address.js";
import { ListAddresses } from "../domain/list-addresses.js";
import { UpdateAddress } from "../domain/update-address.js";
import { KyselyUserStore } from "./kysely-user-store.js";
import { migrationsFor } from "./migrations.js";
import type { UserDb } from "./schema.js";
import { aUser, testIds } from "./test-fixtures.js";

describe.each(testDialects)("address book use cases on %s", (dialect) => {
  const t = useTestDatabase<UserDb>(dialect, "user", migrationsFor);
  const clock = new FakeClock();
  const fields = {
    recipient: "Li Lei",
    phone: "13800000000",
    region: "Beijing",
    line1: "1 Chang'an Ave",
    postalCode: "",
  };

  const setup = async () => {
    const store = new KyselyUserStore(t.db.db, t.db.dialect);
    const owner = aUser();
    await store.users.insert(owner);
    return {
      userId: owner.id,
      create: new CreateAddress({ store, clock, ids: testIds }),
      update: new UpdateAddress({ store, clock }),
      remove: new DeleteAddress({ store }),
      list: new ListAddresses({ store }),
    };
  };

  it("keeps a single default: a new default takes the flag", async () => {
    const b = await setup();
    const home = await b.create.execute({ userId: b.userId, ...fields, isDefault: true });
    const work = await b.create.execute({ userId: b.userId, ...fields, isDefault: true });
    const defaults = (await b.list.execute({ userId: b.userId })).filter((a) => a.isDefault);
    expect(defaults.map((a) => a.id)).toEqual([work.id]);
    await b.update.execute({ userId: b.userId, id: home.id, patch: { isDefault: true, recipient: " Han Meimei " } });
    const after = await b.list.execute({ userId: b.userId });
    expect(after[0]).toMatchObject({ id: home.id, isDefault: true, recipient: "Han Meimei" });
    expect(after.filter((a) => a.isDefault)).toHaveLength(1);
  });

  it(`holds at most ${MAX_ADDRESSES_PER_USER} addresses`, async () => {
    const b = await setup();
    await Promise.all(
      Array.from({ length: MAX_ADDRESSES_PER_USER }, () =>
        b.create.execute({ userId: b.userId, ...fields, isDefault: false }),
      ),
    );
    await expect(b.create.execute({ userId: b.userId, ...fields, isDefault: false })).rejects.toEqual(
      expect.objectContaining({ reason: Reason.INVALID_STATE }),
    );
  });

  it("answers NOT_FOUND for another user's address", async () => {
    const mine = await setup();
    const theirs = await setup();
    const a = await theirs.create.execute({ userId: theirs.userId, ...fields, isDefault: false });
    const notFound = expect.objectContaining({ reason: Reason.NOT_FOUND });
    await expect(mine.update.execute({ userId: mine.userId, id: a.id, patch: { recipient: "x" } })).rejects.toEqual(
      notFound,
    );
    await expect(mine.remove.execute({ userId: mine.userId, id: a.id })).rejects.toEqual(notFound);
    await theirs.remove.execute({ userId: theirs.userId, id: a.id });
    await expect(theirs.remove.execute({ userId: theirs.userId, id: a.id })).rejects.toEqual(notFound);
  });

  it("refuses an address book for a user that does not exist", async () => {
    const b = await setup();
    await expect(b.create.execute({ userId: testIds.next(), ...fields, isDefault: false })).rejects.toEqual(
      expect.objectContaining({ reason: Reason.NOT_FOUND }),
    );
  });
});
