// First-screen screenshots of the front, a section and a story at phone,
// laptop and wide widths, into docs/screenshots/, so that a change of
// layout shows in review. Serves the release build in dist/ (run `make
// build` first) with the project's own server on SCREENSHOT_PORT (4580).
//
//   node scripts/screenshots.mjs
//
// Another publication's build: SCREENSHOT_DIST=dist-arabic
// SCREENSHOT_NAME=arabic writes arabic-front-390.jpg and so on, at 390 and
// 1280 px, for its first section and its front's lead story.
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const port = Number(process.env.SCREENSHOT_PORT ?? 4580);
const base = `http://127.0.0.1:${port}`;
const out = "docs/screenshots";
const dist = process.env.SCREENSHOT_DIST ?? "dist";
const prefix = process.env.SCREENSHOT_NAME ? `${process.env.SCREENSHOT_NAME}-` : "";
let pages = {
  front: "/",
  section: "/world",
  story: "/climate/the-long-thaw-at-port-esker",
};
const widths = prefix ? [390, 1280] : [390, 1280, 1920];
const height = 800;

const db = join(mkdtempSync(join(tmpdir(), "standfirst-shots-")), "newsletter.sqlite");
const server = spawn(
  "target/tools/standfirst-server",
  ["serve", "--dist", dist, "--db", db, "--host", "127.0.0.1", "--port", String(port)],
  { stdio: ["ignore", "ignore", "inherit"] },
);

async function serverUp() {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/api/v1/site.json`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not answer on ${base}`);
}

let browser;
try {
  await serverUp();
  if (prefix) {
    const site = await (await fetch(`${base}/api/v1/site.json`)).json();
    const front = await (await fetch(`${base}/api/v1/fronts/${site.default_edition}.json`)).json();
    pages = { front: "/", section: `/${site.sections[0].id}`, story: front.lead.url };
  }
  mkdirSync(out, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
  });
  for (const width of widths) {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: "light" });
    // A fixed clock, so "3 hours ago" reads the same in every run.
    await page.clock.setFixedTime(new Date("2026-11-27T12:00:00Z"));
    for (const [name, path] of Object.entries(pages)) {
      await page.goto(base + path);
      await page.locator("html[data-app='ready']").waitFor({ state: "attached" });
      // Every image on the first screen loaded.
      await page.waitForFunction(() =>
        [...document.querySelectorAll("main img")].every((img) => {
          const r = img.getBoundingClientRect();
          return r.width === 0 || r.top >= innerHeight || img.complete;
        }),
      );
      const file = join(out, `${prefix}${name}-${width}.jpg`);
      await page.screenshot({ path: file, type: "jpeg", quality: 60 });
      console.log(file);
    }
    await page.close();
  }
} finally {
  await browser?.close();
  server.kill();
}
