// Starts one WebDriver server per engine and gives the capabilities that
// open that engine headless on this machine (see ../../scripts/engines.sh).
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export const ENGINES = {
  chromium: {
    driver: (port) => [process.env.CHROMEDRIVER ?? "/usr/bin/chromedriver", [`--port=${port}`]],
    capabilities: () => ({
      browserName: "chrome",
      "goog:chromeOptions": { binary: "/usr/bin/chromium", args: [...CHROME_FLAGS, `--user-data-dir=${mkdtempSync(join(tmpdir(), "cr-"))}`] },
    }),
  },
  firefox: {
    driver: (port) => [process.env.GECKODRIVER ?? "geckodriver", [`--port=${port}`]],
    capabilities: () => ({
      browserName: "firefox",
      "moz:firefoxOptions": { binary: "/usr/bin/firefox-esr", args: ["-headless"] },
    }),
  },
  webkit: {
    // WebKitGTK needs a display: scripts/engines.sh runs everything under xvfb-run.
    driver: (port) => ["WebKitWebDriver", [`--port=${port}`]],
    capabilities: () => ({
      browserName: "MiniBrowser",
      "webkitgtk:browserOptions": { binary: "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser", args: ["--automation"] },
    }),
  },
};

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

async function waitForPort(port, child) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`driver exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`driver on port ${port} did not answer`);
}

/** Starts the engine's driver; resolves to { port, capabilities, stop }. */
export async function startDriver(engine) {
  const spec = ENGINES[engine];
  const port = await freePort();
  const [cmd, args] = spec.driver(port);
  const child = spawn(cmd, args, { stdio: "ignore" });
  await waitForPort(port, child);
  return { port, capabilities: spec.capabilities(), stop: () => child.kill() };
}
