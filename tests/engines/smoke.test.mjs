// End-to-end smoke in Blink (Chromium), Gecko (Firefox ESR) and WebKit
// (WebKitGTK MiniBrowser) over plain WebDriver, driven by WebdriverIO.
// ENGINES=chromium,firefox,webkit selects; BASE_URL is the served site.
import { describe, before, after } from "node:test";
import { remote } from "webdriverio";
import { startDriver } from "./drivers.mjs";
import { scenarios } from "./scenarios.mjs";

const engines = (process.env.ENGINES ?? "chromium,firefox,webkit").split(",").filter(Boolean);

for (const engine of engines) {
  describe(engine, { concurrency: 1 }, () => {
    let driver;
    let browser;
    before(async () => {
      driver = await startDriver(engine);
      browser = await remote({
        hostname: "127.0.0.1",
        port: driver.port,
        logLevel: "error",
        capabilities: { ...driver.capabilities, "wdio:enforceWebDriverClassic": true },
      });
    });
    after(async () => {
      await browser?.deleteSession().catch(() => {});
      driver?.stop();
    });
    scenarios(() => browser);
  });
}
