// @ts-check
import tseslint from "typescript-eslint";

const DOMAIN_FORBIDDEN = [
  "kysely", "ioredis", "bullmq", "fastify", "@connectrpc/*", "@bookstore/contracts/*", "pino",
  "node:fs", "node:net", "node:http", "node:http2", "better-sqlite3", "mysql2",
];

export default tseslint.config(
  { ignores: ["**/node_modules/**", "packages/contracts/src/gen/**", "data/**", "**/dist/**", "apps/*/bin/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", { selector: "ExportDefaultDeclaration", message: "named exports only" }],
      "no-empty": ["error", { allowEmptyCatch: false }],
    },
  },
  {
    files: ["services/*/src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: DOMAIN_FORBIDDEN.map((group) => ({ group: [group], message: "domain code does no I/O" })) }],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "use the Clock port" },
        { object: "Math", property: "random", message: "use the Ids port" },
      ],
    },
  },
  {
    // Tool config files are loaded by their tools through a default export.
    files: ["*.config.ts", "**/vite.config.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    files: ["**/*.test.ts", "test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
