import type { Logger } from "../logger/index.js";
import type { LiveConfig } from "./live-config.js";
import { watchConfigFile } from "./watch-config-file.js";
import { watchEtcdConfig } from "./watch-etcd-config.js";

/**
 * Starts the reload triggers this process's config asks for: the --config file (configReload.watchFile) and the
 * etcd key (discovery.etcdUrl + configReload.etcdKey). The webhook trigger is a gateway route.
 */
export function startConfigTriggers(settings: LiveConfig, opts: { file?: string | undefined; logger: Logger }): { close(): Promise<void> } {
  const cfg = settings.current;
  const file = opts.file && cfg.configReload.watchFile ? watchConfigFile(settings, opts.file, opts.logger) : undefined;
  const etcd =
    cfg.discovery.etcdUrl && cfg.configReload.etcdKey
      ? watchEtcdConfig(settings, { etcdUrl: cfg.discovery.etcdUrl, key: cfg.configReload.etcdKey, logger: opts.logger })
      : undefined;
  return {
    async close() {
      file?.close();
      await etcd?.close();
    },
  };
}
