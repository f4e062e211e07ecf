import {
  conflict,
  forbidden,
  invalidState,
  notFound,
  unauthenticated,
  validationFailed,
} from "@bookstore/platform/errors";

/** Every failure the user service raises, one factory each (DESIGN.md "API conventions" for the statuses). */

// One message for an unknown login, a wrong password and a disabled account: a failed login reveals nothing.
export const invalidCredentials = () => unauthenticated("invalid username or password");
export const invalidRefreshToken = () => unauthenticated("invalid or expired refresh token");

export const badUsername = () =>
  validationFailed("username must be 3 to 32 characters of letters, digits, '_', '.' or '-'", { field: "username" });
export const badEmail = () => validationFailed("email is not a valid address", { field: "email" });
export const badPassword = (min: number, max: number) =>
  validationFailed(`password must be ${min} to ${max} characters`, { field: "password", min, max });
export const badRole = (role: string) =>
  validationFailed("unknown role", { field: "role", role, allowed: ["admin", "editor", "viewer", "customer"] });
export const badId = (field: string, value: string) => validationFailed(`${field} is not a valid id`, { field, value });
export const badField = (field: string, message: string, details: Record<string, unknown> = {}) =>
  validationFailed(`${field} ${message}`, { field, ...details });

export const usernameTaken = (username: string) =>
  conflict("username is already taken", { field: "username", username });
export const emailTaken = () => conflict("email is already registered", { field: "email" });
/** A unique index caught what the pre-check could not see (a concurrent registration). */
export const duplicateUser = () => conflict("username or email is already taken");

export const userNotFound = (id: string) => notFound("user", id);
export const addressNotFound = (id: string) => notFound("address", id);
export const couponNotFound = (id: string) => notFound("coupon", id);

export const selfLockout = () =>
  invalidState("you cannot change your own role or disable your own account", { field: "role|disabled" });
export const tooManyAddresses = (max: number) =>
  invalidState(`an address book holds at most ${max} addresses`, { max });

export const couponExpired = (couponId: string) => invalidState("coupon has expired", { couponId, status: "expired" });
export const couponUnavailable = (couponId: string, status: string) =>
  invalidState(`coupon is ${status}`, { couponId, status });
export const orderBelowMinimum = (couponId: string, minOrderCents: number, orderCents: number) =>
  invalidState("order total is below the coupon's minimum", { couponId, minOrderCents, orderCents });
export const orderHasOtherCoupon = (orderId: string) =>
  conflict("another coupon is already applied to this order", { orderId });
export const noCouponForOrder = (orderId: string) => invalidState("no coupon is frozen for this order", { orderId });
export const couponForbidden = () => forbidden("not allowed for this coupon");
