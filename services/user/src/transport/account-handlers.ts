import type { ServiceImpl } from "@connectrpc/connect";
import type { UserService } from "@bookstore/contracts/user/v1/user";
import { requireOwnerOr, requirePermission } from "@bookstore/platform/rpc";
import { ownId } from "./request-values.js";
import { userToProto } from "./user-codec.js";
import type { UserUseCases } from "./user-use-cases.js";

type AccountMethods = Pick<ServiceImpl<typeof UserService>, "getUser" | "listUsers" | "updateUser">;

export const accountHandlers = (uc: UserUseCases): AccountMethods => ({
  async getUser(req, ctx) {
    const id = ownId("id", req.id);
    const caller = requireOwnerOr(ctx, id, "user:read");
    return { user: userToProto(await uc.getUser.execute({ id, viewerId: caller.userId })) };
  },
  async listUsers(req, ctx) {
    const caller = requirePermission(ctx, "user:read");
    const page = await uc.listUsers.execute({ page: req.page, size: req.size, viewerId: caller.userId });
    return { users: page.items.map(userToProto), total: page.total };
  },
  async updateUser(req, ctx) {
    const caller = requirePermission(ctx, "user:update");
    const user = await uc.updateUser.execute(
      { userId: caller.userId, staff: true },
      { id: ownId("id", req.id), role: req.role, email: req.email, disabled: req.disabled },
    );
    return { user: userToProto(user) };
  },
});
