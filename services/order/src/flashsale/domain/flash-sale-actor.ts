import type { Credentials } from "../../domain/actor.js";

/** Who calls a flash sale use case; `canManage` comes from the flashsale:write permission. */
export interface FlashSaleActor {
  readonly userId: string;
  readonly canManage: boolean;
  readonly credentials: Credentials;
}

/** Background work (the order worker, releasing unsold units) acts as the order service itself. */
export const flashSaleSystem: Credentials = { userId: "flashsale", role: "system:order", permissions: ["*"] };
