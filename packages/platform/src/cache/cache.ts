/** A string cache with per-entry TTL. Values are serialized by the caller, so every backend stores the same bytes. */
export interface Cache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}
