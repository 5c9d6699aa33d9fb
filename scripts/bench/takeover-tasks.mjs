// The longest main-thread tasks of a first visit, from a Chromium trace:
// each page is opened cold (cache disabled, fresh context) with the CPU
// slowed 4x as Lighthouse's mobile preset does, traced until the app has
// taken the page over (`<html data-app="ready">`) and the page is quiet.
// Only tasks from the first contentful paint on count, as for total
// blocking time.
// Each task is named by what ran in it: script (and which timer or event
// fired it), wasm compilation, style, layout, paint, HTML parsing. Tasks
// over 50 ms are what total blocking time counts (each adds its time past
// 50 ms).
// Usage: node takeover-tasks.mjs BASE_URL RUNS TOP PATH...
import { chromium } from "@playwright/test";
import { coldPage } from "./ready.mjs";

const [base, runs = "3", top = "3", ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"] });

const CATEGORIES = ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "v8", "blink.user_timing", "loading"];

// What a trace event counts as, when it is inside a task.
const KIND = [
  [/^(TimerFire)$/, "timer"],
  [/^(FireAnimationFrame)$/, "animation frame"],
  [/^(EventDispatch)$/, "event"],
  [/^(FunctionCall|EvaluateScript|v8\.evaluateModule|v8\.callFunction|RunMicrotasks)$/, "script"],
  [/^(v8\.wasm\.|wasm\.|v8\.compile)/, "compile"],
  [/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet)$/, "style"],
  [/^(Layout|UpdateLayerTree)$/, "layout"],
  [/^(Paint|PaintImage|PrePaint|Layerize|CompositeLayers|Commit)$/, "paint"],
  [/^(ParseHTML)$/, "parse HTML"],
  [/^(Decode Image|ImageDecodeTask)$/, "image decode"],
];
const kindOf = (name) => KIND.find(([re]) => re.test(name))?.[1];

async function trace(path) {
  const { context, page, cdp } = await coldPage(browser);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await browser.startTracing(page, { categories: CATEGORIES });
  await page.goto(`${base}${path}`);
  await page.waitForFunction(() => window.__readyAt !== undefined, null, { timeout: 60_000 });
  // Let the tasks queued by the takeover run out: two animation frames and
  // a timer after ready.
  await page.evaluate(() => new Promise((done) =>
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)))));
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  await context.close();
  return tasks(events);
}

// The renderer main thread's top-level tasks, each with its time split by
// kind (an event inside another counted one is not counted again).
function tasks(events) {
  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain"
    && events.some((n) => n.pid === e.pid && n.name === "ParseHTML"));
  if (!main) throw new Error("no renderer main thread in the trace");
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X" && e.dur)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const within = (e, t) => e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur;
  const top = [];
  for (const e of mine) {
    if (e.name !== "RunTask" && e.name !== "ThreadControllerImpl::RunTask") continue;
    if (top.length && within(e, top[top.length - 1])) continue;
    top.push(e);
  }
  // What total blocking time sees of the takeover: from the first
  // contentful paint to the app's ready mark (set in the task that
  // finished the takeover), and what that task queued right after.
  const fcp = events.find((e) => e.name === "firstContentfulPaint" && e.pid === main.pid)?.ts;
  const ready = events.find((e) => e.name === "standfirst-ready")?.ts;
  if (fcp === undefined || ready === undefined) throw new Error("no first paint or ready mark in the trace");
  const end = ready + 100_000;
  return top.filter((t) => t.ts >= fcp && t.ts < end).map((t) => {
    const by = {};
    let trigger;
    let counted = null;
    let script;
    for (const e of mine) {
      if (e === t || !within(e, t)) continue;
      const k = kindOf(e.name);
      if (!k) continue;
      if (k === "event" && ["pagehide", "unload", "visibilitychange"].includes(e.args?.data?.type)) {
        return null; // the test leaving the page, not the page
      }
      if (["timer", "animation frame", "event"].includes(k)) {
        trigger ??= k === "event" ? `${e.args?.data?.type ?? ""} event` : k;
        continue;
      }
      if (counted && within(e, counted)) continue;
      counted = e;
      by[k] = (by[k] ?? 0) + e.dur / 1000;
      // The script that ran, by its file (the app's glue, pwa.js, the page).
      const url = e.args?.data?.url ?? e.args?.data?.stackTrace?.[0]?.url;
      if (k === "script" && url && e.dur > (script?.dur ?? 0)) script = { dur: e.dur, file: url.split("/").pop() || "(page)" };
    }
    return { start: t.ts, ms: t.dur / 1000, trigger, by, file: script?.file };
  }).filter(Boolean);
}

function label(t) {
  const parts = Object.entries(t.by).filter(([, ms]) => ms >= 1).sort((a, b) => b[1] - a[1])
    .map(([k, ms]) => `${k} ${Math.round(ms)}`);
  const what = [t.trigger, t.file].filter(Boolean).join(", ");
  return `${Math.round(t.ms)} ms${what ? ` (${what})` : ""}: ${parts.join(", ") || "other"}`;
}

console.log("| page | longest tasks, 4x CPU (median run by blocking time): what ran in each, ms | blocking time past 50 ms |");
console.log("|---|---|---|");
for (const path of paths) {
  const all = [];
  for (let i = 0; i < Number(runs); i++) all.push(await trace(path));
  const blocking = (ts) => ts.reduce((s, t) => s + Math.max(0, t.ms - 50), 0);
  all.sort((a, b) => blocking(a) - blocking(b));
  const median = all[Math.floor(all.length / 2)];
  if (process.env.TASKS_DEBUG) {
    const t0 = median[0]?.start ?? 0;
    for (const t of median.filter((t) => t.ms >= 5)) console.error(`  +${Math.round((t.start - t0) / 1000)} ms  ${label(t)}`);
  }
  const longest = [...median].sort((a, b) => b.ms - a.ms).slice(0, Number(top));
  console.log(`| \`${path}\` | ${longest.map(label).join("; ")} | ${Math.round(blocking(median))} ms |`);
}
await browser.close();
