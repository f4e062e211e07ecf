import type { ServiceImpl } from "@connectrpc/connect";
import type { UserService } from "@bookstore/contracts/user/v1/user";
import { requireOwnerOr } from "@bookstore/platform/rpc";
import { addressToProto } from "./address-codec.js";
import { ownId } from "./request-values.js";
import type { UserUseCases } from "./user-use-cases.js";

type AddressMethods = Pick<
  ServiceImpl<typeof UserService>,
  "listAddresses" | "getAddress" | "createAddress" | "updateAddress" | "deleteAddress"
>;

/** An address book belongs to its user; staff may read (user:read) or change (user:update) it. */
export const addressHandlers = (uc: UserUseCases): AddressMethods => ({
  async listAddresses(req, ctx) {
    const userId = ownId("user_id", req.userId);
    requireOwnerOr(ctx, userId, "user:read");
    return { addresses: (await uc.listAddresses.execute({ userId })).map(addressToProto) };
  },
  async getAddress(req, ctx) {
    const userId = ownId("user_id", req.userId);
    requireOwnerOr(ctx, userId, "user:read");
    return { address: addressToProto(await uc.getAddress.execute({ userId, id: ownId("id", req.id) })) };
  },
  async createAddress(req, ctx) {
    const userId = ownId("user_id", req.userId);
    requireOwnerOr(ctx, userId, "user:update");
    const address = await uc.createAddress.execute({
      userId,
      recipient: req.recipient,
      phone: req.phone,
      region: req.region,
      line1: req.line1,
      postalCode: req.postalCode,
      isDefault: req.isDefault,
    });
    return { address: addressToProto(address) };
  },
  async updateAddress(req, ctx) {
    const userId = ownId("user_id", req.userId);
    requireOwnerOr(ctx, userId, "user:update");
    const address = await uc.updateAddress.execute({
      userId,
      id: ownId("id", req.id),
      patch: {
        recipient: req.recipient,
        phone: req.phone,
        region: req.region,
        line1: req.line1,
        postalCode: req.postalCode,
        isDefault: req.isDefault,
      },
    });
    return { address: addressToProto(address) };
  },
  async deleteAddress(req, ctx) {
    const userId = ownId("user_id", req.userId);
    requireOwnerOr(ctx, userId, "user:update");
    await uc.deleteAddress.execute({ userId, id: ownId("id", req.id) });
    return {};
  },
});
