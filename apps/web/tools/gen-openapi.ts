import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateOpenApiTypes, OPENAPI_TYPES_FILE } from "./openapi-types.js";

// `npm run gen` step: regenerate the web client's API types from the gateway built in-process.
const text = await generateOpenApiTypes();
writeFileSync(OPENAPI_TYPES_FILE, text);
console.log(`wrote ${fileURLToPath(OPENAPI_TYPES_FILE)} (${text.length} chars)`);
