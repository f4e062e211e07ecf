import { checkAddressFields, type Address, type AddressFields } from "./address.js";
import type { Clock } from "./clock.js";
import { addressNotFound } from "./errors.js";
import type { UserStore } from "./user-store.js";

export type AddressPatch = { [K in keyof AddressFields]?: AddressFields[K] | undefined } & {
  isDefault?: boolean | undefined;
};

export class UpdateAddress {
  constructor(private readonly deps: { store: UserStore; clock: Clock }) {}

  async execute(input: { userId: string; id: string; patch: AddressPatch }): Promise<Address> {
    const patch = checkAddressFields(input.patch);
    const nowMs = this.deps.clock.now().getTime();
    const updated = await this.deps.store.transaction(async ({ addresses }) => {
      await addresses.lockOwner(input.userId);
      const current = await addresses.byId(input.userId, input.id);
      if (!current) throw addressNotFound(input.id);
      if (patch.isDefault === true && !current.isDefault) await addresses.clearDefault(input.userId, nowMs);
      const next: Address = {
        ...current,
        recipient: patch.recipient ?? current.recipient,
        phone: patch.phone ?? current.phone,
        region: patch.region ?? current.region,
        line1: patch.line1 ?? current.line1,
        postalCode: patch.postalCode ?? current.postalCode,
        isDefault: patch.isDefault ?? current.isDefault,
        updatedAtMs: nowMs,
      };
      await addresses.update(next);
      return next;
    });
    this.deps.store.noteWrite(input.userId);
    return updated;
  }
}
