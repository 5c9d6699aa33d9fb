import { defineConfig, devices } from "@playwright/test";

// End-to-end tests against the release build in dist/, served by the
// project's own CDN-like server with the reference sign-up endpoint and its
// test-only controls. Chromium is Debian's: Playwright never downloads one.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: ".",
  testMatch: /.*\.spec\.ts$/,
  // The Arabic demo's own bars run against its build (arabic.config.ts).
  testIgnore: /arabic\.spec\.ts$/,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "off",
    // The service worker would answer requests before page.route's
    // fixtures could: the offline specs allow it (test.use), others not.
    serviceWorkers: "block",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "chromium-desktop", use: { ...devices["Desktop Chrome"], channel: undefined } },
  ],
  webServer: {
    command: `rm -rf target/e2e && mkdir -p target/e2e && target/tools/standfirst-server serve --dist dist --db target/e2e/newsletter.sqlite --host 127.0.0.1 --port ${port} --test-controls`,
    cwd: "../..",
    url: `http://127.0.0.1:${port}/api/v1/site.json`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
