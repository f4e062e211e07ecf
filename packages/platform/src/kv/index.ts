import { Redis } from "ioredis";

export type { Redis };

export interface RedisResource {
  name: string;
  client: Redis;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** Connects (and waits for the connection) so a wrong REDIS_URL fails at boot, not on the first request. */
export async function openRedis(url: string, name = "redis"): Promise<RedisResource> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3, enableOfflineQueue: true });
  await client.connect();
  let closed = false;
  return {
    name,
    client,
    async ready() {
      try {
        return (await client.ping()) === "PONG";
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.quit().catch(() => client.disconnect());
    },
  };
}
