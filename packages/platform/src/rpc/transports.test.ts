import { afterAll, describe, expect, it } from "vitest";
import { createClient } from "@connectrpc/connect";
import { UserService } from "@bookstore/contracts/user/v1/user";
import { fromConnectError } from "../errors/index.js";
import { startSilentPeer, type SilentPeer } from "../testing/index.js";
import { grpcTransport } from "./transports.js";

describe("static gRPC transport", () => {
  let peer: SilentPeer | undefined;
  afterAll(() => peer?.kill());

  it("reports a call whose peer dies mid-request as UNAVAILABLE (503), not INTERNAL", async () => {
    peer = await startSilentPeer();
    const users = createClient(UserService, grpcTransport(peer.url));
    const call = users.getUser({ id: "1" }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await peer.kill();
    const failure = await call;
    // What the gateway turns into its HTTP answer.
    expect(fromConnectError(failure).reason).toBe("UNAVAILABLE");
  });

  it("keeps a caller's own cancellation a cancellation", async () => {
    const silent = await startSilentPeer();
    try {
      const users = createClient(UserService, grpcTransport(silent.url));
      const controller = new AbortController();
      const call = users.getUser({ id: "1" }, { signal: controller.signal }).catch((e: unknown) => e);
      setTimeout(() => controller.abort(), 100);
      const failure = await call;
      expect(fromConnectError(failure).reason).not.toBe("UNAVAILABLE");
    } finally {
      await silent.kill();
    }
  });
});
