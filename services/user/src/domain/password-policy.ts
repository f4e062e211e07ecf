import { badPassword } from "./errors.js";

export const PASSWORD_MIN = 8;
/** An upper bound keeps hashing cost bounded against oversized inputs. */
export const PASSWORD_MAX = 128;

/** Length in characters (code points), so a password of emoji is not counted double. */
export function checkPassword(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) throw badPassword(PASSWORD_MIN, PASSWORD_MAX);
}
