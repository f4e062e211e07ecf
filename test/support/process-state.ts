import { readFileSync } from "node:fs";
import { connect } from "node:net";

/**
 * Running: not gone and not a zombie. Processes `bookstore cluster up` started outlive the CLI, so whoever adopted
 * them reaps them, and until then they show as zombies.
 */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** True when nothing listens on the loopback port any more. */
export function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
  });
}
