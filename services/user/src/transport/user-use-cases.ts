import type { CreateAddress } from "../domain/create-address.js";
import type { CreateCoupon } from "../domain/create-coupon.js";
import type { DeleteAddress } from "../domain/delete-address.js";
import type { FreezeCoupon } from "../domain/freeze-coupon.js";
import type { GetAddress } from "../domain/get-address.js";
import type { GetUser } from "../domain/get-user.js";
import type { ListAddresses } from "../domain/list-addresses.js";
import type { ListCoupons } from "../domain/list-coupons.js";
import type { ListUsers } from "../domain/list-users.js";
import type { Login } from "../domain/login.js";
import type { Logout } from "../domain/logout.js";
import type { RefreshSession } from "../domain/refresh-session.js";
import type { Register } from "../domain/register.js";
import type { ReleaseCoupon } from "../domain/release-coupon.js";
import type { UpdateAddress } from "../domain/update-address.js";
import type { UpdateUser } from "../domain/update-user.js";
import type { UseCoupon } from "../domain/use-coupon.js";

/** Everything the handlers call, built in main.ts. */
export interface UserUseCases {
  register: Register;
  login: Login;
  refresh: RefreshSession;
  logout: Logout;
  getUser: GetUser;
  listUsers: ListUsers;
  updateUser: UpdateUser;
  listAddresses: ListAddresses;
  getAddress: GetAddress;
  createAddress: CreateAddress;
  updateAddress: UpdateAddress;
  deleteAddress: DeleteAddress;
  listCoupons: ListCoupons;
  createCoupon: CreateCoupon;
  freezeCoupon: FreezeCoupon;
  releaseCoupon: ReleaseCoupon;
  useCoupon: UseCoupon;
}
