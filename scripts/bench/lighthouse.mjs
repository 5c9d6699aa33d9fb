// Runs Lighthouse (mobile preset: simulated throttling, 4x CPU) on several
// pages side by side, N rounds, and prints a markdown row of medians per
// page. Each round visits every page once, in order, so that the pages are
// measured under the same conditions; each visit is a first visit (a new
// browser profile, Lighthouse's cold cache and cleared storage).
// Usage: node lighthouse.mjs N OUTDIR LABEL=URL...
import { execFileSync } from "node:child_process";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";

const [n = "5", out = "target/bench", ...pages] = process.argv.slice(2);
const lh = join(process.cwd(), "target/bench-tools/node_modules/.bin/lighthouse");
const targets = pages.map((p) => {
  const at = p.indexOf("=");
  return { label: p.slice(0, at), url: p.slice(at + 1), runs: [] };
});

function once(url, report) {
  const profile = mkdtempSync(join(tmpdir(), "lh-"));
  execFileSync(lh, [url, "--quiet", "--output=json", `--output-path=${report}`,
    "--only-categories=performance,accessibility,best-practices",
    `--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=${profile}`],
    { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium" }, stdio: "ignore" });
  rmSync(profile, { recursive: true, force: true });
  const r = JSON.parse(readFileSync(report, "utf8"));
  return {
    perf: r.categories.performance.score,
    lcp: r.audits["largest-contentful-paint"].numericValue,
    tbt: r.audits["total-blocking-time"].numericValue,
    cls: r.audits["cumulative-layout-shift"].numericValue,
    a11y: r.categories.accessibility.score,
    bp: r.categories["best-practices"].score,
  };
}

for (let i = 0; i < Number(n); i++) {
  targets.forEach((t, j) => t.runs.push(once(t.url, join(out, `lh-${j}-${i}.json`))));
}
for (const t of targets) {
  const median = (k) => { const v = t.runs.map((r) => r[k]).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
  const tbts = t.runs.map((r) => Math.round(r.tbt)).join(", ");
  console.log(`| ${t.label} | ${median("perf").toFixed(2)} | ${(median("lcp") / 1000).toFixed(2)} s | ${Math.round(median("tbt"))} ms (${tbts}) | ${median("cls").toFixed(3)} | ${median("a11y").toFixed(2)} | ${median("bp").toFixed(2)} |`);
}
