// Measures in-app story-to-story navigation: the time from a click on a
// related card to the new headline being on screen, cold (no prefetch: a
// synthetic click with no hover) and prefetched (hover, then click).
// Usage: node navigation.mjs BASE_URL N
import { chromium } from "@playwright/test";

const [base, n = "5"] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"] });
const page = await browser.newPage();

async function measure(prefetch) {
  await page.goto(`${base}/climate/the-long-thaw-at-port-esker`);
  // The app takes the prerendered page over once it has loaded.
  await page.waitForFunction(() => document.documentElement.getAttribute("data-app") === "ready");
  const link = page.getByRole("region", { name: "Related" }).locator(".card__headline a").nth(prefetch ? 1 : 0);
  await link.waitFor();
  const href = await link.getAttribute("href");
  const headline = (await link.textContent()).trim();
  if (prefetch) {
    const loaded = page.waitForResponse((r) => r.url().endsWith(`/api/v1/articles/${href.split("/").pop()}.json`));
    await link.hover();
    await loaded;
  }
  return page.evaluate(({ headline, href }) => new Promise((resolve) => {
    const a = [...document.querySelectorAll("a")].find((e) => e.getAttribute("href") === href);
    const start = performance.now();
    const check = () => {
      const h1 = document.querySelector("main h1");
      if (h1 && h1.textContent.trim() === headline) {
        requestAnimationFrame(() => resolve(performance.now() - start));
        return true;
      }
      return false;
    };
    new MutationObserver((_, obs) => { if (check()) obs.disconnect(); })
      .observe(document.body, { subtree: true, childList: true, characterData: true });
    a.click();
  }), { headline, href });
}

const rows = [];
for (const prefetch of [false, true]) {
  const times = [];
  for (let i = 0; i < Number(n); i++) times.push(await measure(prefetch));
  times.sort((a, b) => a - b);
  rows.push(`| ${prefetch ? "prefetched (hover first)" : "cold (no prefetch)"} | ${times[Math.floor(times.length / 2)].toFixed(1)} ms | ${prefetch ? "<= 16 ms (moonshot)" : "<= 100 ms"} |`);
}
console.log("| navigation | median click to headline | bar |\n|---|---|---|\n" + rows.join("\n"));
await browser.close();
