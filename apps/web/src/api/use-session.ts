import { useEffect, useState } from "react";
import { loadSession, onSessionChange, type Session } from "./session.js";

export function useSession(): Session | undefined {
  const [session, setSession] = useState(loadSession);
  useEffect(() => onSessionChange(setSession), []);
  return session;
}
