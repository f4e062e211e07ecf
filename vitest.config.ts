import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "services/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    // Long enough for a multi-process suite to wait its turn (test/support/heavy-suite.ts) and then start.
    hookTimeout: 600_000,
    // Two cores: more parallel files only fight over them (each e2e file runs its own servers).
    maxWorkers: 2,
  },
});
