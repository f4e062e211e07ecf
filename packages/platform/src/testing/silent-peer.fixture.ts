// Test fixture run as a child process: an HTTP/2 server that accepts every stream and never answers, so the parent can
// SIGKILL it while requests are in flight. Prints its port once listening.
import { createServer } from "node:http2";

const server = createServer();
server.on("stream", (stream) => {
  stream.resume();
  // A caller giving up resets its stream; that is expected here, not a crash.
  stream.on("error", () => undefined);
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${typeof address === "object" && address ? address.port : 0}\n`);
});
