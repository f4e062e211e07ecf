import type { ConnectRouter, ServiceImpl } from "@connectrpc/connect";
import { UserService } from "@bookstore/contracts/user/v1/user";
import { accountHandlers } from "./account-handlers.js";
import { addressHandlers } from "./address-handlers.js";
import { authHandlers } from "./auth-handlers.js";
import { couponHandlers } from "./coupon-handlers.js";
import type { UserUseCases } from "./user-use-cases.js";

/** One service, its methods grouped by area; the full ServiceImpl type makes a forgotten method a compile error. */
export function registerUserHandlers(router: ConnectRouter, uc: UserUseCases): void {
  const impl: ServiceImpl<typeof UserService> = {
    ...authHandlers(uc),
    ...accountHandlers(uc),
    ...addressHandlers(uc),
    ...couponHandlers(uc),
  };
  router.service(UserService, impl);
}
