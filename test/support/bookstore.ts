import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { loadConfig } from "@bookstore/platform/config";
import { freePort } from "@bookstore/platform/testing";
import { startAllInOne, type RunningBookstore } from "../../apps/bookstore/src/all-in-one.js";

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON shapes
  json: any;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent verbatim instead of JSON.stringify(body) (malformed JSON tests, signed callbacks). */
  raw?: string;
  headers?: Record<string, string>;
  token?: string;
}

export interface ApiClient {
  userId: string;
  username: string;
  token: string;
  refreshToken: string;
  get(path: string, headers?: Record<string, string>): Promise<ApiResponse>;
  delete(path: string, headers?: Record<string, string>): Promise<ApiResponse>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  put(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  patch(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
}

export interface TestBookstore {
  baseUrl: string;
  /** Where the embedded services keep their SQLite files (order.db, …). */
  dataDir: string;
  running: RunningBookstore;
  request(method: string, path: string, opts?: RequestOptions): Promise<ApiResponse>;
  /** A freshly registered customer, signed in. */
  newCustomer(): Promise<ApiClient>;
  /** A demo user (admin, editor, viewer, customer), signed in with `bookstore-<username>`. */
  login(username: string, password?: string): Promise<ApiClient>;
  anonymous: ApiClient;
  close(): Promise<void>;
}

export async function request(baseUrl: string, method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers["authorization"] = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type"))
    headers["content-type"] = "application/json";
  const res = await fetch(baseUrl + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

function client(baseUrl: string, who: { userId: string; username: string; token: string; refreshToken: string }): ApiClient {
  const call = (method: string) => (path: string, body?: unknown, headers?: Record<string, string>) =>
    request(baseUrl, method, path, { body, token: who.token || undefined, headers } as RequestOptions);
  return {
    ...who,
    get: (path, headers) => request(baseUrl, "GET", path, { token: who.token, ...(headers ? { headers } : {}) }),
    delete: (path, headers) => request(baseUrl, "DELETE", path, { token: who.token, ...(headers ? { headers } : {}) }),
    post: call("POST"),
    put: call("PUT"),
    patch: call("PATCH"),
  };
}

/** The real embedded app (gateway + five services) on a free port with a temp data dir and demo data. */
export async function startBookstore(opts: { env?: Record<string, string>; seedDemo?: boolean } = {}): Promise<TestBookstore> {
  const dataDir = mkdtempSync(join(tmpdir(), "bookstore-e2e-"));
  const port = await freePort();
  const config = loadConfig({
    env: {
      BOOKSTORE_LOG_LEVEL: "warn",
      BOOKSTORE_PAYMENTS__CALLBACK_DELAY_MS: "50",
      // Every test client is one loopback IP; rate-limit tests set real limits through opts.env.
      BOOKSTORE_RATE_LIMIT__PER_IP_PER_MINUTE: "100000000", BOOKSTORE_RATE_LIMIT__PER_USER_PER_MINUTE: "100000000", BOOKSTORE_RATE_LIMIT__AUTH_PER_IP_PER_MINUTE: "100000000",
      ...opts.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      BOOKSTORE_HOST: "127.0.0.1",
      BOOKSTORE_SEED_DEMO: String(opts.seedDemo ?? true),
    },
  });
  const running = await startAllInOne(config);
  const baseUrl = running.url;

  const login = async (username: string, password = `bookstore-${username}`): Promise<ApiClient> => {
    const res = await request(baseUrl, "POST", "/api/v1/auth/login", { body: { username, password } });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${res.text}`);
    return client(baseUrl, {
      userId: String(res.json.user.id),
      username,
      token: String(res.json.accessToken),
      refreshToken: String(res.json.refreshToken),
    });
  };

  return {
    baseUrl,
    dataDir: config.dataDir,
    running,
    request: (method, path, o) => request(baseUrl, method, path, o),
    login,
    async newCustomer() {
      const username = `u${randomUUID().replaceAll("-", "").slice(0, 16)}`;
      const password = "correct-horse-battery";
      const res = await request(baseUrl, "POST", "/api/v1/auth/register", {
        body: { username, email: `${username}@example.test`, password },
      });
      if (res.status !== 201) throw new Error(`register failed: ${res.status} ${res.text}`);
      return login(username, password);
    },
    anonymous: client(baseUrl, { userId: "", username: "", token: "", refreshToken: "" }),
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
