import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const FIXTURE = fileURLToPath(new URL("./silent-peer.fixture.ts", import.meta.url));

export interface SilentPeer {
  /** http://127.0.0.1:<port> of an HTTP/2 server that accepts every stream and never answers. */
  url: string;
  /** SIGKILLs its process (requests in flight on it then lose their session) and waits until it is gone. */
  kill(): Promise<void>;
  /** Sends SIGKILL and returns at once, before this process has handled any event of the death. */
  killNow(): void;
}

/** A peer in its own process, so a test can kill it the way a crashed instance dies, mid-request. */
export async function startSilentPeer(): Promise<SilentPeer> {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], { stdio: ["ignore", "pipe", "inherit"] });
  const [line] = (await once(child.stdout, "data")) as [Buffer];
  return {
    url: `http://127.0.0.1:${line.toString().trim()}`,
    killNow: () => {
      child.kill("SIGKILL");
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGKILL");
      await exited;
    },
  };
}
