// Runs Lighthouse (mobile, simulated throttling) N times on one URL and
// prints a markdown row of medians. Usage: node lighthouse.mjs URL N OUTDIR
import { execFileSync } from "node:child_process";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";

const [url, n = "3", out = "target/bench", label] = process.argv.slice(2);
const lh = join(process.cwd(), "target/bench-tools/node_modules/.bin/lighthouse");
const runs = [];
for (let i = 0; i < Number(n); i++) {
  const profile = mkdtempSync(join(tmpdir(), "lh-"));
  const report = join(out, `lh-${i}.json`);
  execFileSync(lh, [url, "--quiet", "--output=json", `--output-path=${report}`,
    "--only-categories=performance,accessibility,best-practices",
    `--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=${profile}`],
    { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium" }, stdio: "ignore" });
  rmSync(profile, { recursive: true, force: true });
  const r = JSON.parse(readFileSync(report, "utf8"));
  runs.push({
    perf: r.categories.performance.score,
    lcp: r.audits["largest-contentful-paint"].numericValue,
    tbt: r.audits["total-blocking-time"].numericValue,
    cls: r.audits["cumulative-layout-shift"].numericValue,
    a11y: r.categories.accessibility.score,
    bp: r.categories["best-practices"].score,
  });
}
const median = (k) => { const v = runs.map((r) => r[k]).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
const path = label ?? new URL(url).pathname;
console.log(`| ${path} | ${median("perf").toFixed(2)} | ${(median("lcp") / 1000).toFixed(2)} s | ${Math.round(median("tbt"))} ms | ${median("cls").toFixed(3)} | ${median("a11y").toFixed(2)} | ${median("bp").toFixed(2)} |`);
