import { defineConfig } from "vitest/config";

// Under CI the JSON reporter also writes a summary that .ci/run turns into its closing line.
const reporters = process.env.CI
  ? ["default", ["json", { outputFile: ".ci/out/vitest.json" }] as [string, { outputFile: string }]]
  : ["default"];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/support/setup.ts"],
    testTimeout: 120_000,
    reporters,
    coverage: { provider: "v8", include: ["src/**"] },
  },
});
