import { Type, type TProperties, type TSchema } from "typebox";

/** Objects reject unknown keys (400), requests and responses alike. */
export const strictObject = <T extends TProperties>(props: T, opts: { description?: string } = {}) =>
  Type.Object(props, { additionalProperties: false, ...opts });

export const Id = Type.String({ pattern: "^[1-9][0-9]{0,18}$", description: "Snowflake id (decimal string)" });
export const IdParams = strictObject({ id: Id });

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};

export const Page = <T extends TSchema>(item: T) =>
  strictObject({ items: Type.Array(item), page: Type.Integer(), size: Type.Integer(), total: Type.Integer() });

export const ErrorJson = strictObject({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Object({}, { additionalProperties: true }),
  }),
});

/** Standard error responses for the OpenAPI document. */
export const errorResponses = {
  400: ErrorJson,
  401: ErrorJson,
  403: ErrorJson,
  404: ErrorJson,
  409: ErrorJson,
  429: ErrorJson,
};

export const toIso = (ms: number): string => new Date(ms).toISOString();
export const CURRENCY = "CNY";
