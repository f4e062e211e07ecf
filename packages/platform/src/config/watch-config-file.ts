import { createHash } from "node:crypto";
import { readFileSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { Logger } from "../logger/index.js";
import type { LiveConfig } from "./live-config.js";

/** Editors write a file in several steps (truncate + write, or write a temp file + rename): wait for the last one. */
export const FILE_DEBOUNCE_MS = 200;

const digest = (file: string): string | undefined => {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  } catch {
    // Mid-replace the file may be missing for a moment; the next event (the rename) brings it back.
    return undefined;
  }
};

/**
 * Reloads `settings` when the config file changes. The directory is watched, not the file: an editor that saves by
 * renaming a new file over the old one (vim, sed -i, a Kubernetes ConfigMap's `..data` symlink swap) would leave a
 * file watch on the replaced inode, deaf to every later change. Events for other files in the directory and saves
 * that leave the bytes as they were do not reload.
 */
export function watchConfigFile(settings: LiveConfig, file: string, logger: Logger): { close(): void } {
  const path = resolve(file);
  const name = basename(path);
  let seen = digest(path);
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    timer = undefined;
    const now = digest(path);
    if (now === undefined || now === seen) return;
    seen = now;
    settings.reload("file");
  };
  const watcher: FSWatcher = watch(dirname(path), { persistent: false }, (_event, changed) => {
    if (changed !== null && changed !== name && !changed.startsWith("..")) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, FILE_DEBOUNCE_MS);
  });
  watcher.on("error", (err) => logger.warn({ err, file: path }, "config file watch failed; file changes are no longer picked up"));
  return {
    close() {
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
