#!/usr/bin/env node
// Health probe for a bookstore container: Docker HEALTHCHECK, compose healthchecks and Kubernetes exec probes.
// Services speak gRPC over cleartext HTTP/2 only (their /healthz and /readyz too), which HTTP/1.1 probes such as
// kubelet's httpGet or curl cannot talk to; the gateway speaks HTTP/1.1.
//
//   node healthcheck.mjs [http://HOST:PORT/PATH | h2c://HOST:PORT/PATH]
//
// Without an argument: the gateway's /healthz on $PORT (default 8080). Exit 0 on a 200 answer within 2 s, else 1
// with the reason on stderr (Kubernetes shows it in the pod's events). Uses only Node's standard library.
import http from "node:http";
import http2 from "node:http2";

const TIMEOUT_MS = 2_000;

function unhealthy(reason) {
  process.stderr.write(`unhealthy: ${reason}\n`);
  process.exit(1);
}

function http1Status(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.once("error", reject);
  });
}

function h2cStatus(url) {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://${url.host}`);
    session.once("error", reject);
    const req = session.request({ ":path": url.pathname + url.search });
    req.once("response", (headers) => {
      resolve(headers[":status"]);
      session.close();
    });
    req.once("error", reject);
    req.end();
  });
}

const target = new URL(process.argv[2] ?? `http://127.0.0.1:${process.env.PORT || "8080"}/healthz`);
const probe = { "http:": http1Status, "h2c:": h2cStatus }[target.protocol];
if (!probe) {
  process.stderr.write(`usage: healthcheck.mjs [http://host:port/path | h2c://host:port/path], not ${target.href}\n`);
  process.exit(2);
}
setTimeout(() => unhealthy(`${target.href} did not answer within ${TIMEOUT_MS} ms`), TIMEOUT_MS).unref();
probe(target).then(
  (status) => (status === 200 ? process.exit(0) : unhealthy(`${target.href} answered ${status}`)),
  (e) => unhealthy(`${target.href}: ${e instanceof Error ? e.message : String(e)}`),
);
