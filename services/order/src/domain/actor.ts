/**
 * Who a request comes from, as peers must see it: forwarded untouched to catalog and user
 * (same shape as the platform's Caller, so the clients turn it back into caller headers).
 */
export interface Credentials {
  readonly userId: string;
  readonly role: string;
  readonly permissions: readonly string[];
}

/** Who a use case runs for; the staff flags come from the caller's permissions (order:read, order:write). */
export interface Actor {
  readonly userId: string;
  readonly staffRead: boolean;
  readonly staffWrite: boolean;
  readonly credentials: Credentials;
}

/**
 * Work nobody signed in asked for (a payment callback, an expired order) still acts on the owner's order;
 * peers see the owner's id with the order service's own role.
 */
export function systemActor(ownerId: string): Actor {
  return {
    userId: ownerId,
    staffRead: true,
    staffWrite: true,
    credentials: { userId: ownerId, role: "system:order", permissions: ["*"] },
  };
}
