import { test, expect, appReady } from "./fixtures";
import type { Page } from "@playwright/test";

// Pictures made by the build (issue 23): the browser picks an AVIF
// candidate no wider than about twice its slot, at a phone's width (DPR 2)
// and a laptop's (DPR 1); the lead picture stays the prerendered element
// through the takeover; every picture has its box before it loads.

type Chosen = { src: string; type: string; width: number; slot: number; dpr: number };

/** The front's lead picture: the file the browser chose, its type and
 *  width (from the build's `-<width>.<ext>` name), and the slot's width. */
async function lead(page: Page): Promise<Chosen> {
  const img = page.locator(".front__lead img[fetchpriority=high]");
  await expect(img).toHaveJSProperty("complete", true);
  return img.evaluate((el: HTMLImageElement) => {
    const src = el.currentSrc;
    const m = /-(\d+)\.(avif|webp|jpg|png)$/.exec(src);
    const types: Record<string, string> = { avif: "image/avif", webp: "image/webp", jpg: "image/jpeg", png: "image/png" };
    return {
      src,
      type: m ? types[m[2]] : "unknown",
      width: m ? Number(m[1]) : 0,
      slot: el.getBoundingClientRect().width,
      dpr: devicePixelRatio,
    };
  });
}

for (const [width, height, dpr] of [
  [390, 844, 2],
  [1280, 800, 1],
] as const) {
  test.describe(`at ${width} px, DPR ${dpr}`, () => {
    test.use({ viewport: { width, height }, deviceScaleFactor: dpr });

    test("the lead picture is an AVIF no wider than about twice its slot", async ({ page }) => {
      await page.goto("/");
      await appReady(page);
      const c = await lead(page);
      expect(c.type, c.src).toBe("image/avif");
      // Wide enough for the slot at the screen's density (or the largest
      // made).
      expect(c.width, c.src).toBeGreaterThanOrEqual(Math.min(c.slot * c.dpr, 1200) * 0.75);
      // The next width of the ladder up from the slot's pixels at most
      // (steps of 1.2x to 1.33x): at DPR 2, twice the slot or a step more.
      expect(c.width, c.src).toBeLessThanOrEqual(Math.max(c.slot * c.dpr, 160) * 1.34);
    });
  });
}

test("the lead picture's largest paint is the prerendered image, and each picture has its source types", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  await appReady(page);
  await expect(page.locator(".front__lead img")).toHaveJSProperty("complete", true);
  // The page's largest paint is the lead picture's file, painted by the
  // prerendered element (gone since the takeover: the entry's element is
  // null), not by the app's copy that is on the page now.
  const lcp = await page.evaluate(
    () =>
      new Promise<{ appCopy: boolean; prerendered: boolean; sameFile: boolean }>((done) => {
        new PerformanceObserver((list) => {
          const all = list.getEntries() as any[];
          const last = all[all.length - 1];
          const now = document.querySelector(".front__lead img") as HTMLImageElement;
          done({
            appCopy: last.element === now,
            prerendered: last.element === null,
            sameFile: last.url === now.currentSrc,
          });
        }).observe({ type: "largest-contentful-paint", buffered: true });
      }),
  );
  expect(lcp).toEqual({ appCopy: false, prerendered: true, sameFile: true });
  const types = await page.locator(".front__lead picture source").evaluateAll((s) => s.map((e) => e.getAttribute("type")));
  expect(types).toEqual(["image/avif", "image/webp"]);
  // Boxes reserved, placeholders from the palette, no inline style.
  const imgs = await page.locator("main picture img").evaluateAll((all) =>
    all.map((i) => ({ w: i.getAttribute("width"), h: i.getAttribute("height"), ph: i.getAttribute("data-ph"), style: i.getAttribute("style") })),
  );
  expect(imgs.length).toBeGreaterThan(3);
  for (const i of imgs) {
    expect(Number(i.w)).toBeGreaterThan(0);
    expect(Number(i.h)).toBeGreaterThan(0);
    expect(i.ph).toMatch(/^#[26ae]0[26ae]0[26ae]0$/);
    expect(i.style).toBeNull();
  }
});

test("a lead picture that never arrives holds the app back a few seconds at most", async ({ page }) => {
  // Every picture request stalls: neither load nor error ever fires, so
  // neither does the page's `load`, which the wasm's loader waits for.
  await page.route(/\/media\//, () => {});
  const start = Date.now();
  await page.goto("/", { waitUntil: "domcontentloaded" });
  await expect(page.locator(".front__lead img[fetchpriority=high]")).toHaveJSProperty("complete", false);
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready", { timeout: 20_000 });
  // The loader's 4 s and the takeover's 3 s, plus the wasm's own start.
  expect(Date.now() - start).toBeLessThan(15_000);
});
