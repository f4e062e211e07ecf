import type { FastifyRequest } from "fastify";
import { unauthenticated } from "@bookstore/platform/errors";

/** The signed-in user's id on a "self" route (the auth plugin has set the caller by then). */
export function callerId(req: FastifyRequest): string {
  if (!req.caller) throw unauthenticated();
  return req.caller.userId;
}
