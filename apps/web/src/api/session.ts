/** Tokens live in localStorage so a reload keeps the user signed in; listeners re-render the header. */
export interface SessionUser {
  id: string;
  username: string;
  email: string;
  role: "admin" | "editor" | "viewer" | "customer";
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

const KEY = "bookstore.session";
type Listener = (s: Session | undefined) => void;
const listeners = new Set<Listener>();

function isSession(v: unknown): v is Session {
  if (typeof v !== "object" || v === null) return false;
  const s = v as Record<string, unknown>;
  return typeof s["accessToken"] === "string" && typeof s["refreshToken"] === "string" && typeof s["user"] === "object";
}

export function loadSession(): Session | undefined {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? "null");
    return isSession(parsed) ? parsed : undefined;
  } catch (e) {
    // A corrupt entry only means "signed out"; drop it so the next load is clean.
    console.warn("dropping unreadable session", e);
    localStorage.removeItem(KEY);
    return undefined;
  }
}

export function saveSession(s: Session | undefined): void {
  if (s) localStorage.setItem(KEY, JSON.stringify(s));
  else localStorage.removeItem(KEY);
  for (const l of listeners) l(s);
}

export function onSessionChange(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
