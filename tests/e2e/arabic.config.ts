import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// The Arabic demo (examples/arabic, built into dist-arabic by
// `make test-e2e`): the suites that hold for any language, and the
// Arabic demo's own bars (arabic.spec.ts).
const port = Number(process.env.E2E_ARABIC_PORT ?? 4183);

export default defineConfig({
  ...base,
  testMatch: /(languages|arabic)\.spec\.ts$/,
  testIgnore: [],
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}` },
  webServer: {
    command: `rm -rf target/e2e-arabic && mkdir -p target/e2e-arabic && target/tools/standfirst-server serve --dist dist-arabic --db target/e2e-arabic/newsletter.sqlite --host 127.0.0.1 --port ${port} --test-controls`,
    cwd: "../..",
    url: `http://127.0.0.1:${port}/api/v1/site.json`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
