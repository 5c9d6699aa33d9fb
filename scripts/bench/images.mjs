// The front's pictures as a reader's browser fetches them (issue 23): at
// 390 px (DPR 2, a phone) and 1280 px (DPR 1), every image response's
// bytes on the first screen, and the lead picture's chosen file against
// the 1200-px JPEG the front served before the build made pictures.
// Usage: node images.mjs BASE_URL LEAD_SOURCE_BYTES
import { chromium } from "@playwright/test";

const [base, before = "0"] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"] });

console.log("| viewport | lead picture chosen | its bytes | before (1200-px JPEG) | all pictures on load | bar |");
console.log("|---|---|---|---|---|---|");
for (const [width, height, dpr] of [[390, 844, 2], [1280, 800, 1]]) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: dpr, serviceWorkers: "block" });
  const page = await context.newPage();
  const sizes = new Map();
  page.on("response", async (r) => {
    if (r.request().resourceType() === "image") {
      const body = await r.body().catch(() => Buffer.alloc(0));
      sizes.set(r.url(), body.length);
    }
  });
  await page.goto(base + "/", { waitUntil: "load" });
  await page.waitForFunction(() => document.documentElement.getAttribute("data-app") === "ready");
  const lead = await page.locator(".front__lead img").evaluate(async (img) => {
    await img.decode().catch(() => {});
    return img.currentSrc;
  });
  await page.waitForLoadState("networkidle");
  const leadBytes = sizes.get(lead) ?? 0;
  const all = [...sizes.values()].reduce((a, b) => a + b, 0);
  const name = lead.split("/").pop();
  const bar = dpr === 2 ? `AVIF, <= ${Math.floor(Number(before) / 2)} B (half)` : "";
  console.log(`| ${width} px, DPR ${dpr} | ${name} | ${leadBytes} | ${before} | ${all} B in ${sizes.size} files | ${bar} |`);
  await context.close();
}
await browser.close();
