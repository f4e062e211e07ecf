/** A non-2xx answer from the gateway, as {"error":{code,message,details}} (DESIGN.md API conventions). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown>,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** Field name → message, from VALIDATION_FAILED details.issues (paths like "body.password"). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    // Domain rules answer one field: {field, ...limits}; schema validation answers {issues:[{path, message}]}.
    const single = this.details["field"];
    if (typeof single === "string") out[single] = this.message;
    const issues = this.details["issues"];
    if (!Array.isArray(issues)) return out;
    for (const issue of issues as unknown[]) {
      if (typeof issue !== "object" || issue === null) continue;
      const { path, message } = issue as { path?: unknown; message?: unknown };
      if (typeof path !== "string" || typeof message !== "string") continue;
      const missing = /required property '([^']+)'/.exec(message)?.[1];
      const field = missing ?? path.split(".").slice(1).join(".");
      if (field && !out[field]) out[field] = message;
    }
    return out;
  }
}

