import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// The importer's end-to-end test (scripts/e2e-import.sh): the same browser
// and server as the main suite, serving the imported site.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  ...base,
  testMatch: /import\.e2e\.ts$/,
  webServer: {
    ...(base.webServer as object),
    command: `rm -rf target/e2e-import/db && mkdir -p target/e2e-import/db && target/tools/standfirst-server serve --dist target/e2e-import/dist --db target/e2e-import/db/newsletter.sqlite --host 127.0.0.1 --port ${port}`,
    url: `http://127.0.0.1:${port}/api/v1/site.json`,
  },
});
