// Renders assets/icons/icon-{192,512}.png from assets/favicon.svg (run by hand: node scripts/make-icons.mjs).
import { chromium } from "@playwright/test";
import fs from "node:fs";
const svg = fs.readFileSync("assets/favicon.svg", "utf8");
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
for (const s of [192, 512]) {
  const p = await b.newPage({ viewport: { width: s, height: s } });
  // Full-bleed square (maskable-safe): the mark on the brand colour.
  await p.setContent(`<style>html,body{margin:0;background:#8a1c1c}svg{display:block;width:${s}px;height:${s}px}</style>${svg.replace('rx="6"', 'rx="0"')}`);
  await p.screenshot({ path: `assets/icons/icon-${s}.png`, omitBackground: false });
}
await b.close();
