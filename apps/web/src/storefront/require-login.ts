import { loadSession } from "../api/session.js";
import { navigate } from "../shared/router.js";

/** True when signed in; otherwise sends the user to login, which brings them back here afterwards. */
export function requireLogin(): boolean {
  if (loadSession()) return true;
  navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}&reason=needLogin`);
  return false;
}
