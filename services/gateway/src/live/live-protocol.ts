/**
 * The /ws protocol (DESIGN.md "live"): the client's first message is {"type":"auth","accessToken"}, answered with
 * {"type":"ready"}; the server then pushes {"type":"order.updated",...} and {"type":"flashsale.result",...} for that
 * user. Sending {"type":"auth"} again with a fresh token of the same user extends the session; {"type":"ping"}
 * is answered with {"type":"pong"} (browsers cannot send protocol pings).
 */

/** Event-bus channel the order service publishes {userId, message} on; every gateway subscribes once. */
export const LIVE_USER_CHANNEL = "live.user";

/** Close codes: 4401 = authenticate (again), 1013 = too slow ("try again later"), 1001 = gateway going away. */
export const CLOSE = {
  unauthenticated: 4401,
  slowConsumer: 1013,
  goingAway: 1001,
} as const;

/** A token is small; anything bigger than this is not a protocol message (ws closes with 1009). */
export const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

export type ClientMessage = { type: "auth"; accessToken: string } | { type: "ping" };

export type ParsedClientMessage =
  | { ok: true; message: ClientMessage }
  | { ok: false; code: "VALIDATION_FAILED"; message: string };

const MAX_TOKEN_CHARS = 4096;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const invalid = (message: string): ParsedClientMessage => ({ ok: false, code: "VALIDATION_FAILED", message });

/** Strict like the REST API: unknown types and unknown fields are rejected, never guessed at. */
export function parseClientMessage(raw: string): ParsedClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return invalid("message is not valid JSON");
  }
  if (!isRecord(value)) return invalid("message must be a JSON object");
  const fields = value;
  const type = fields["type"];
  if (typeof type !== "string") return invalid('message needs a string "type"');
  const extra = (allowed: string[]) => Object.keys(fields).find((k) => !allowed.includes(k));
  if (type === "auth") {
    const unknown = extra(["type", "accessToken"]);
    if (unknown !== undefined) return invalid(`unknown field "${unknown}"`);
    const token = fields["accessToken"];
    if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN_CHARS)
      return invalid(`"accessToken" must be a non-empty string of at most ${MAX_TOKEN_CHARS} characters`);
    return { ok: true, message: { type: "auth", accessToken: token } };
  }
  if (type === "ping") {
    const unknown = extra(["type"]);
    if (unknown !== undefined) return invalid(`unknown field "${unknown}"`);
    return { ok: true, message: { type: "ping" } };
  }
  return invalid(`unknown message type "${type.slice(0, 64)}"`);
}

/** What arrives on LIVE_USER_CHANNEL; anything else is dropped (and logged) rather than sent to a client. */
export interface LiveEnvelope {
  userId: string;
  message: { type: string } & Record<string, unknown>;
}

export function parseEnvelope(payload: string): LiveEnvelope | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const { userId, message } = value;
  if (typeof userId !== "string" || userId === "" || !isRecord(message)) return undefined;
  const type = message["type"];
  if (typeof type !== "string") return undefined;
  return { userId, message: { ...message, type } };
}
