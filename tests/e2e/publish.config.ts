import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// Retractions and embargoes end to end (tests/e2e/publish.e2e.ts): the demo
// content copied to target/e2e-publish/, published there with the app from
// the last app build (target/app), and served with the removed URLs'
// list; the spec changes the content and publishes again as it goes.
const port = Number(process.env.E2E_PORT ?? 4173);
const dir = "target/e2e-publish";

export default defineConfig({
  ...base,
  testMatch: /publish\.e2e\.ts$/,
  webServer: {
    ...(base.webServer as object),
    command:
      `rm -rf ${dir} && mkdir -p ${dir} && cp -r content ${dir}/content && ` +
      `target/tools/standfirst-publish --content ${dir}/content --dist ${dir}/dist --app target/app --no-search && ` +
      `target/tools/standfirst-server serve --dist ${dir}/dist --db ${dir}/newsletter.sqlite --host 127.0.0.1 --port ${port}`,
    url: `http://127.0.0.1:${port}/api/v1/site.json`,
  },
});
