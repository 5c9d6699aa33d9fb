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
const page = await browser.newPage();
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
const unchanged = polls.filter((p) => p.status === 304).map((p) => p.bytes);
const sorted = [...times].sort((x, y) => x - y);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(`| publish to visible in an open tab (${times.length} entries) | median ${median.toFixed(1)} s (${times.map((t) => t.toFixed(1)).join(", ")}) | <= 20 s |`);
console.log(`| an unchanged poll (304), bytes on the wire | ${unchanged.length ? Math.max(...unchanged) : "none seen"} | <= 400 B |`);
