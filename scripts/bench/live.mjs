// Live coverage in an open tab, against a plain static server (nginx with
// its default ETags): how long after `make publish` returns an appended
// entry is on the reader's screen, and what an unchanged poll transfers.
// Usage: node live.mjs BASE_URL STORY_PATH CONTENT_FILE N -- PUBLISH_COMMAND...
// Each of N rounds appends one entry to CONTENT_FILE (the story's authoring
// file), runs the publish, and waits for the entry in the open tab.
import { chromium } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

const args = process.argv.slice(2);
const split = args.indexOf("--");
const [base, story, file, n = "3"] = args.slice(0, split);
const publish = args.slice(split + 1);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"] });
// No service worker: the page's own requests are then the ones on the
// wire (with one, the worker's conditional request is: the same bytes).
const page = await (await browser.newContext({ serviceWorkers: "block" })).newPage();
const cdp = await page.context().newCDPSession(page);
await cdp.send("Network.enable");
// Every answer to the story's JSON: its status and the bytes on the wire
// (headers and body), once the request has finished.
const polls = [];
const pending = new Map();
cdp.on("Network.responseReceived", (e) => {
  if (e.response.url.includes("/api/v1/articles/")) pending.set(e.requestId, e.response.status);
});
cdp.on("Network.loadingFinished", (e) => {
  if (pending.has(e.requestId)) polls.push({ status: pending.get(e.requestId), bytes: e.encodedDataLength });
});

await page.goto(base + story);
await page.waitForFunction(() => document.documentElement.getAttribute("data-app") === "ready");
const source = readFileSync(file, "utf8");
const times = [];
try {
  for (let i = 1; i <= Number(n); i++) {
    // A publish lands anywhere in the tab's 15-second cycle: wait a
    // different part of it each round.
    await new Promise((r) => setTimeout(r, ((i * 6_700) % 15_000)));
    const a = JSON.parse(readFileSync(file, "utf8"));
    const newest = a.live.entries.map((e) => Date.parse(e.posted)).reduce((x, y) => Math.max(x, y));
    const id = `bench-entry-${i}`;
    a.live.entries.push({
      id,
      posted: new Date(newest + 60_000).toISOString().replace(".000Z", "Z"),
      body: [{ type: "paragraph", content: `A benchmark entry, number ${i}.` }],
    });
    writeFileSync(file, JSON.stringify(a, null, 2));
    execFileSync(publish[0], publish.slice(1), { stdio: "ignore" });
    const published = Date.now();
    // At the top of the page the entry goes in at once; it is in the DOM
    // either way (mid-page it would wait for the button).
    await page.waitForSelector(`[id="${id}"]`, { state: "attached", timeout: 60_000 });
    times.push((Date.now() - published) / 1000);
  }
} finally {
  writeFileSync(file, source);
}
// Let one more poll pass with nothing new: its answer is a 304.
const before = polls.length;
const deadline = Date.now() + 30_000;
while (polls.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
await browser.close();
// Chromium reports a revalidated answer with the cached copy's status
// (200): what went over the wire for it is the 304's headers alone.
const unchanged = polls.slice(before).map((p) => p.bytes);
const sorted = [...times].sort((x, y) => x - y);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(`| publish to visible in an open tab (${times.length} entries) | median ${median.toFixed(1)} s, worst ${sorted.at(-1).toFixed(1)} s (${times.map((t) => t.toFixed(1)).join(", ")}) | <= 20 s |`);
console.log(`| an unchanged poll (a 304), bytes on the wire | ${unchanged.length ? Math.max(...unchanged) : "none seen"} B (the changed page: ${polls[0]?.bytes ?? "-"} B) | <= 400 B |`);
