import type { CreateCoupon } from "./create-coupon.js";
import type { Register } from "./register.js";
import type { Role } from "./user.js";
import type { UserStore } from "./user-store.js";

/** Demo accounts (DESIGN.md "Demo data"): each username is also its role; the password is `bookstore-<username>`. */
export const DEMO_USERS: readonly Role[] = ["admin", "editor", "viewer", "customer"];
export const demoPassword = (username: string): string => `bookstore-${username}`;
const DEMO_EMAIL_DOMAIN = "bookstore.example";

/** Two coupons for the demo customer, so the storefront has something to apply at checkout. */
const DEMO_COUPONS = [
  { discountCents: 1000, minOrderCents: 5000 },
  { discountCents: 500, minOrderCents: 0 },
] as const;

export class MissingAdminPasswordError extends Error {
  constructor() {
    super("seeding without demo data needs an admin password: set BOOKSTORE_ADMIN_PASSWORD (8 to 128 characters)");
    this.name = "MissingAdminPasswordError";
  }
}

/** Fills an empty user store; a store with any user is left as it is. */
export class SeedUsers {
  constructor(private readonly deps: { store: UserStore; register: Register; createCoupon: CreateCoupon }) {}

  async execute(opts: { demo: boolean; adminPassword?: string | undefined }): Promise<void> {
    if ((await this.deps.store.users.count()) > 0) return;
    if (!opts.demo) {
      if (!opts.adminPassword) throw new MissingAdminPasswordError();
      await this.account("admin", opts.adminPassword);
      return;
    }
    for (const username of DEMO_USERS) {
      const user = await this.account(username, demoPassword(username));
      if (username !== "customer") continue;
      for (const c of DEMO_COUPONS) await this.deps.createCoupon.execute({ userId: user.id, ...c, expiresAtMs: null });
    }
  }

  private account(username: Role, password: string) {
    return this.deps.register.execute({ username, email: `${username}@${DEMO_EMAIL_DOMAIN}`, password }, username);
  }
}
