import type { UserPage } from "./user-repository.js";
import type { UserStore } from "./user-store.js";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  /** 1-based; 0 or less reads as 1. */
  page: number;
  /** 0 reads as the default; capped at MAX_PAGE_SIZE. */
  size: number;
}

export interface ListUsersInput extends PageRequest {
  /** Staff member asking: their own recent changes (UpdateUser) are visible in the page. */
  viewerId: string;
}

export class ListUsers {
  constructor(private readonly deps: { store: UserStore }) {}

  async execute(input: ListUsersInput): Promise<UserPage & { page: number; size: number }> {
    const page = Math.max(1, Math.trunc(input.page) || 1);
    const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(input.size) || DEFAULT_PAGE_SIZE));
    const result = await this.deps.store
      .reads({ userId: input.viewerId })
      .users.list({ offset: (page - 1) * size, limit: size });
    return { ...result, page, size };
  }
}
