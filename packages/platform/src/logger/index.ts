import { pino, type Logger, type LevelWithSilent, type DestinationStream } from "pino";
import { activeTraceIds } from "../tracing/index.js";
import { DEFAULT_SAMPLING, LogSampler, type SamplingPolicy } from "./log-sampler.js";

export type { Logger };
export { LogSampler, DEFAULT_SAMPLING, type SamplingPolicy };

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
  // Headers logged on their own (a raw request, an outgoing call) carry the same credentials.
  "headers.authorization",
  "headers.cookie",
  "headers['x-signature']",
  "*.headers.authorization",
  "*.headers.cookie",
  "*.headers['x-signature']",
  "signature",
  "*.signature",
  "passwordHash",
  "*.passwordHash",
  "jwtSecret",
  "hmacSecret",
  "*.jwtSecret",
  "*.hmacSecret",
];

/** pino's numeric level for "warn": lines at or above it are never sampled. */
const WARN = 40;

/** The kind of a line is its message template: the first string argument (objects carry the variable parts). */
function kindOf(args: unknown[]): string {
  for (const a of args) if (typeof a === "string") return a;
  const first = args[0];
  if (first instanceof Error) return first.message;
  return "";
}

/** A stable, low-cardinality name for what failed: an AppError's reason, else the error class. */
function errorType(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const reason = (err as { reason?: unknown }).reason;
  return typeof reason === "string" ? reason : err.name;
}

export function createLogger(opts: {
  level: LevelWithSilent;
  name: string;
  destination?: DestinationStream;
  sampling?: SamplingPolicy | false;
}): Logger {
  const sampler = opts.sampling === false ? undefined : new LogSampler(opts.sampling ?? DEFAULT_SAMPLING);
  return pino(
    {
      level: opts.level,
      base: { service: opts.name },
      redact: { paths: REDACT, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Joins a log line to its trace; nothing is added when tracing is off.
      mixin: () => activeTraceIds() ?? {},
      formatters: {
        log(object) {
          const type = errorType(object["err"]);
          return type === undefined ? object : { ...object, error_type: type };
        },
      },
      hooks: {
        logMethod(args, method, level) {
          if (sampler && level < WARN && !sampler.keep(kindOf(args))) return;
          method.apply(this, args);
        },
      },
    },
    opts.destination,
  );
}
