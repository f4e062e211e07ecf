import { checkAddressFields, MAX_ADDRESSES_PER_USER, type Address, type AddressFields } from "./address.js";
import type { Clock, Ids } from "./clock.js";
import { tooManyAddresses, userNotFound } from "./errors.js";
import type { UserStore } from "./user-store.js";

export interface CreateAddressInput extends AddressFields {
  userId: string;
  isDefault: boolean;
}

/** At most MAX_ADDRESSES_PER_USER addresses; a new default takes the flag from the old one. */
export class CreateAddress {
  constructor(private readonly deps: { store: UserStore; clock: Clock; ids: Ids }) {}

  async execute(input: CreateAddressInput): Promise<Address> {
    const fields = checkAddressFields(input);
    const nowMs = this.deps.clock.now().getTime();
    const created = await this.deps.store.transaction(async ({ addresses }) => {
      if (!(await addresses.lockOwner(input.userId))) throw userNotFound(input.userId);
      if ((await addresses.countByUser(input.userId)) >= MAX_ADDRESSES_PER_USER)
        throw tooManyAddresses(MAX_ADDRESSES_PER_USER);
      if (input.isDefault) await addresses.clearDefault(input.userId, nowMs);
      const address: Address = {
        id: this.deps.ids.next(),
        userId: input.userId,
        recipient: fields.recipient,
        phone: fields.phone,
        region: fields.region,
        line1: fields.line1,
        postalCode: fields.postalCode,
        isDefault: input.isDefault,
        createdAtMs: nowMs,
        updatedAtMs: nowMs,
      };
      await addresses.insert(address);
      return address;
    });
    this.deps.store.noteWrite(input.userId);
    return created;
  }
}
