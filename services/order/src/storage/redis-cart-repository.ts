import type { RedisClient } from "@bookstore/platform/kv";
import { byBookId, type CartLine, type CartRepository } from "../domain/cart.js";

/** A cart nobody touched for this long is dropped by Redis itself. */
const CART_TTL_SECONDS = 30 * 24 * 3600;

/** Production profile: one hash per user (field = book id, value = quantity); single-key, so Cluster-safe. */
export class RedisCartRepository implements CartRepository {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix = "bookstore:cart:",
  ) {}

  private key(userId: string): string {
    return `${this.prefix}${userId}`;
  }

  async lines(userId: string): Promise<CartLine[]> {
    const hash = await this.redis.hgetall(this.key(userId));
    return Object.entries(hash)
      .map(([bookId, quantity]) => ({ bookId, quantity: Number(quantity) }))
      .filter((l) => Number.isInteger(l.quantity) && l.quantity > 0)
      .sort(byBookId);
  }

  async setQuantity(userId: string, bookId: string, quantity: number): Promise<void> {
    const key = this.key(userId);
    const results = await this.redis.multi().hset(key, bookId, String(quantity)).expire(key, CART_TTL_SECONDS).exec();
    const failed = results?.find(([err]) => err !== null)?.[0];
    if (failed) throw failed;
  }

  async remove(userId: string, bookIds: readonly string[]): Promise<void> {
    if (bookIds.length === 0) return;
    await this.redis.hdel(this.key(userId), ...bookIds);
  }
}
