/** A throwaway Redis Cluster (3 masters + 3 replicas). Implemented by the Redis Cluster work. */
export interface TestRedisCluster {
  /** REDIS_URL for the cluster (seed nodes). */
  url: string;
  stop(): Promise<void>;
}

export function startRedisCluster(): Promise<TestRedisCluster> {
  return Promise.reject(new Error("startRedisCluster: not implemented yet"));
}
