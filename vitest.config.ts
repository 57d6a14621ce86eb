import { defineConfig } from "vitest/config";

// Tests run against the TypeScript sources of the workspace packages (the
// "tsgrad-source" export condition), so no build is needed before `pnpm test`.
export default defineConfig({
  resolve: { conditions: ["tsgrad-source", "module", "node", "import", "default"] },
  ssr: { resolve: { conditions: ["tsgrad-source", "module", "node", "import", "default"] } },
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "examples/**/*.test.ts",
      "tools/**/*.test.ts",
      "bench/**/*.test.ts",
    ],
    testTimeout: 60_000,
    // CI sets TSGRAD_TEST_REPORT to get a JSON summary as well (for its closing "N passed" line).
    reporters: process.env.TSGRAD_TEST_REPORT ? ["default", "json"] : ["default"],
    outputFile: process.env.TSGRAD_TEST_REPORT ? { json: process.env.TSGRAD_TEST_REPORT } : undefined,
  },
});
