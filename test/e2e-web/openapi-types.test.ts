import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateOpenApiTypes, OPENAPI_TYPES_FILE } from "../../apps/web/tools/openapi-types.js";

describe("web client API types", () => {
  it("the committed packages/contracts OpenAPI types are what the current gateway produces (run `npm run gen` if not)", async () => {
    const committed = readFileSync(OPENAPI_TYPES_FILE, "utf8");
    const current = await generateOpenApiTypes();
    // Compared as text: any route, field or enum change in the gateway shows up here until regenerated.
    expect(current === committed, "packages/contracts/src/openapi/bookstore-api.d.ts is stale: run `npm run gen`").toBe(true);
  });
});
