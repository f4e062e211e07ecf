import { pino, type Logger, type LevelWithSilent, type DestinationStream } from "pino";

export type { Logger };

/** Keys whose values never reach a log line, wherever they appear in a logged object. */
const REDACT = [
  "password",
  "*.password",
  "accessToken",
  "*.accessToken",
  "refreshToken",
  "*.refreshToken",
  "token",
  "*.token",
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers['x-signature']",
  "jwtSecret",
  "hmacSecret",
  "*.jwtSecret",
  "*.hmacSecret",
];

export function createLogger(opts: { level: LevelWithSilent; name: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: opts.level,
      base: { service: opts.name },
      redact: { paths: REDACT, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination,
  );
}
