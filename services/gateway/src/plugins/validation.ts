import { Ajv, type Options } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const base: Options = { allErrors: false, useDefaults: true, removeAdditional: false, strict: false };

/**
 * Bodies are validated as sent: never coerced ("1" for an integer is a 400) and unknown keys rejected.
 * Query strings and path params are text by nature, so only they are coerced to the declared types.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const strictAjv = addFormats(new Ajv({ ...base, coerceTypes: false }));
  const coercingAjv = addFormats(new Ajv({ ...base, coerceTypes: "array" }));
  return ({ schema, httpPart }) => {
    const ajv = httpPart === "body" ? strictAjv : coercingAjv;
    return ajv.compile(schema as object);
  };
}
