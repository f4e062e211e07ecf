import { Etcd3, type IKeyValue, type Watcher } from "etcd3";
import type { Logger } from "../logger/index.js";
import type { LiveConfig } from "./live-config.js";

/**
 * Applies the YAML overrides stored at `key` and every later change to them (a deleted key = no overrides).
 * The watch starts before the first read, so nothing written in between is missed; mod revisions keep an older
 * value that arrives late (the first read racing a watch event) from undoing a newer one.
 */
export function watchEtcdConfig(settings: LiveConfig, opts: { etcdUrl: string; key: string; logger: Logger }): { close(): Promise<void> } {
  const client = new Etcd3({ hosts: opts.etcdUrl.split(",").map((h) => h.trim()).filter(Boolean) });
  let applied = -1n;
  let closed = false;
  const apply = (kv: IKeyValue | undefined, deleted: boolean) => {
    const revision = kv ? BigInt(kv.mod_revision) : 0n;
    if (closed || (kv && revision <= applied)) return;
    if (kv) applied = revision;
    settings.reloadWithOverrides("etcd", deleted || !kv ? "" : kv.value.toString("utf8"));
  };
  const started = (async () => {
    const watcher: Watcher = await client.watch().key(opts.key).create();
    watcher.on("put", (kv) => apply(kv, false));
    watcher.on("delete", (kv) => apply(kv, true));
    watcher.on("error", (err) => opts.logger.warn({ err }, "etcd config watch error; the client reconnects"));
    const first = await client.get(opts.key).exec();
    const kv = first.kvs[0];
    if (kv) apply(kv, false);
  })();
  started.catch((err: unknown) => {
    if (!closed) opts.logger.error({ err, key: opts.key }, "etcd config watch could not start; settings from etcd are not applied");
  });
  return {
    // Closing the client ends its watches too; nothing here waits for etcd, which may be the thing that is down.
    close() {
      closed = true;
      client.close();
      return Promise.resolve();
    },
  };
}
