import createClient from "openapi-fetch";
import type { paths } from "@bookstore/contracts/openapi";
import { ApiError } from "./api-error.js";
import { loadSession, saveSession, type Session } from "./session.js";

let onAuthLost: () => void = () => undefined;
/** Called when a request is 401 even after a refresh: the app sends the user to login (and back afterwards). */
export function setAuthLostHandler(handler: () => void): void {
  onAuthLost = handler;
}

// One refresh at a time: parallel 401s share it, as the old refresh token stops working once used.
let refreshing: Promise<Session | undefined> | undefined;

async function refresh(old: Session): Promise<Session | undefined> {
  const res = await fetch("/api/v1/auth/refresh", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ refreshToken: old.refreshToken }),
  });
  if (!res.ok) return undefined;
  const body = (await res.json()) as { accessToken: string; refreshToken: string; user?: Session["user"] };
  const fresh = { accessToken: body.accessToken, refreshToken: body.refreshToken, user: body.user ?? old.user };
  saveSession(fresh);
  return fresh;
}

function refreshOnce(old: Session): Promise<Session | undefined> {
  refreshing ??= refresh(old).finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

/** Adds the bearer token; on 401 refreshes once and retries the same request once. */
async function authFetch(request: Request): Promise<Response> {
  const session = loadSession();
  const retry = request.clone();
  if (session) request.headers.set("authorization", `Bearer ${session.accessToken}`);
  const res = await fetch(request);
  if (res.status !== 401 || !session || new URL(request.url).pathname.startsWith("/api/v1/auth/")) return res;
  // A token other than the refused one: another request refreshed meanwhile, or the user signed in again (maybe in
  // another tab, as the session is shared through localStorage). Either way the request is retried with it.
  const newer = (): Session | undefined => {
    const current = loadSession();
    return current && current.accessToken !== session.accessToken ? current : undefined;
  };
  let fresh = newer();
  // No session at all: another request already gave up and sent the user to login.
  if (!fresh && loadSession()) fresh = (await refreshOnce(session)) ?? newer();
  if (!fresh) {
    // Only the request whose session is still stored signs the user out, so a slow 401 never undoes a new login.
    if (loadSession()?.refreshToken === session.refreshToken) {
      saveSession(undefined);
      onAuthLost();
    }
    return res;
  }
  retry.headers.set("authorization", `Bearer ${fresh.accessToken}`);
  return fetch(retry);
}

export const api = createClient<paths>({ baseUrl: "/", fetch: authFetch });

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a 2xx answer, or an ApiError carrying the gateway's code, message and details. */
export async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const e = (typeof error === "object" && error !== null ? (error as { error?: unknown }).error : undefined) ?? {};
  const { code, message, details } = e as { code?: unknown; message?: unknown; details?: unknown };
  const retry = Number(response.headers.get("retry-after"));
  throw new ApiError(
    response.status,
    typeof code === "string" ? code : `HTTP_${response.status}`,
    typeof message === "string" ? message : response.statusText,
    typeof details === "object" && details !== null ? (details as Record<string, unknown>) : {},
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}
