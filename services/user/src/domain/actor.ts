/**
 * Who a use case acts for, when the owner of what it touches is only known after a lookup.
 * `staff` is true when the caller holds the permission that lets them act on anyone's (decided by transport).
 */
export interface Actor {
  readonly userId: string;
  readonly staff: boolean;
}
