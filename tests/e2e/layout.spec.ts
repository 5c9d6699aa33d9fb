import { test, expect, appReady, expectNoAxeViolations } from "./fixtures";
import type { Page } from "@playwright/test";

// Geometry of the layouts (issue 16): what a reader sees on the first
// screen at each width. Measured boxes, not pixels.

const FRONT = "/";
const SECTION = "/world";
const STORY = "/climate/the-long-thaw-at-port-esker";
const HEIGHT = 800;
const WIDTHS: [number, number][] = [
  [320, 700],
  [390, HEIGHT],
  [768, HEIGHT],
  [1024, HEIGHT],
  [1280, HEIGHT],
  [1440, HEIGHT],
  [1920, HEIGHT],
];

async function open(page: Page, path: string, width: number, height: number) {
  await page.setViewportSize({ width, height });
  await page.goto(path);
  await appReady(page);
}

/** The text of every card headline (an h2/h3 holding a story link) in
 *  `<main>` whose box lies wholly inside the viewport, in DOM order. */
function headlinesOnFirstScreen(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("main :is(h2, h3).card__headline:has(> a[href])")]
      .filter((h) => {
        const r = h.getBoundingClientRect();
        return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
      })
      .map((h) => h.textContent!.trim()),
  );
}

function cardHeadlines(page: Page, scope: string): Promise<string[]> {
  return page.locator(`${scope} .card__headline`).allTextContents().then((t) => t.map((s) => s.trim()));
}

test("front at 1280×800: the lead and at least four more headlines before any scrolling", async ({ page }) => {
  await open(page, FRONT, 1280, HEIGHT);
  const seen = await headlinesOnFirstScreen(page);
  const [lead] = await cardHeadlines(page, ".front__lead");
  expect(seen).toContain(lead);
  expect(seen.length, seen.join("\n")).toBeGreaterThanOrEqual(5);
  // The top stories sit beside the lead, not under it.
  const leadBox = (await page.locator(".front__lead").boundingBox())!;
  const topBox = (await page.locator(".front__top").boundingBox())!;
  expect(topBox.x).toBeGreaterThanOrEqual(leadBox.x + leadBox.width);
});

test("section at 1280×800: the first four teasers' headlines before any scrolling", async ({ page }) => {
  await open(page, SECTION, 1280, HEIGHT);
  const seen = await headlinesOnFirstScreen(page);
  const firstFour = (await cardHeadlines(page, "main")).slice(0, 4);
  expect(firstFour).toHaveLength(4);
  for (const headline of firstFour) expect(seen).toContain(headline);
});

for (const path of [FRONT, SECTION]) {
  test(`${path} at 1280×800: cards in a row are as tall as each other`, async ({ page }) => {
    await open(page, path, 1280, HEIGHT);
    const rows = await page.evaluate(() => {
      const byRow = new Map<string, number[]>();
      for (const card of document.querySelectorAll("main .card-list > li > .card")) {
        const r = card.getBoundingClientRect();
        const key = `${card.closest(".card-list")!.getBoundingClientRect().top}:${Math.round(r.top)}`;
        byRow.set(key, [...(byRow.get(key) ?? []), Math.round(r.height)]);
      }
      return [...byRow.values()].filter((heights) => heights.length > 1);
    });
    expect(rows.length).toBeGreaterThan(0);
    for (const heights of rows) expect(new Set(heights).size, JSON.stringify(heights)).toBe(1);
  });
}

for (const [width, height] of WIDTHS) {
  test(`front at ${width}×${height}: the lead headline is above the fold`, async ({ page }) => {
    await open(page, FRONT, width, height);
    const box = (await page.locator(".front__lead .card__headline").boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(height);
  });
}

test("story at 1440×800: a side rail of at least three links right of the headline, within 1.5 screens", async ({ page }) => {
  await open(page, STORY, 1440, HEIGHT);
  const rail = page.getByRole("complementary", { name: /^More from / });
  await expect(rail).toBeVisible();
  const h1 = (await page.getByRole("heading", { level: 1 }).boundingBox())!;
  const boxes = await rail.getByRole("link").evaluateAll((links) =>
    links.map((a) => {
      const r = a.getBoundingClientRect();
      return { left: r.left, top: r.top + scrollY, bottom: r.bottom + scrollY, width: r.width };
    }),
  );
  const beside = boxes.filter((b) => b.width > 0 && b.left >= h1.x + h1.width && b.bottom <= 1.5 * HEIGHT);
  expect(beside.length, JSON.stringify(boxes)).toBeGreaterThanOrEqual(3);
  // Headline and kicker only; one small image, on the first story.
  await expect(rail.locator(".card__summary").first()).toBeHidden();
  await expect(rail.locator("img")).toHaveCount(1);
  // The end-of-article "More from" rail would repeat it: hidden here.
  await expect(page.getByRole("region", { name: /^More from / })).toBeHidden();
  await expect(page.getByRole("region", { name: "Related" })).toBeVisible();
});

test("story at 390×800: no side rail; the end-of-article rails are there", async ({ page }) => {
  await open(page, STORY, 390, HEIGHT);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator(".side-rail")).toBeAttached();
  await expect(page.getByRole("complementary", { name: /^More from / })).toBeHidden();
  await expect(page.getByRole("region", { name: /^More from / })).toBeAttached();
  await expect(page.getByRole("region", { name: "Related" })).toBeAttached();
});

test("front at 1280×800: images download the file that fits their slot", async ({ page }) => {
  await open(page, FRONT, 1280, HEIGHT);
  // Every image on the first screen has chosen its file.
  const chosen = () =>
    page.evaluate(() =>
      [...document.querySelectorAll("main img")]
        .map((img) => img as HTMLImageElement)
        .filter((img) => {
          const r = img.getBoundingClientRect();
          return r.width > 0 && r.top < innerHeight && r.bottom > 0;
        })
        .map((img) => ({ width: img.getBoundingClientRect().width, src: img.currentSrc })),
    );
  await expect.poll(async () => (await chosen()).every((i) => i.src !== "")).toBe(true);
  const images = await chosen();
  expect(images.length).toBeGreaterThanOrEqual(5);
  // The build's files are named `-<width>.<ext>`: an AVIF at least as wide
  // as the slot (or the largest made) and not much more.
  for (const img of images) {
    const m = /-(\d+)\.(avif|webp|jpg|png)$/.exec(img.src);
    expect(m, img.src).not.toBeNull();
    expect(m![2], img.src).toBe("avif");
    const w = Number(m![1]);
    expect(w, `a ${img.width}px slot: ${img.src}`).toBeGreaterThanOrEqual(Math.min(img.width * 0.9, 1200));
    expect(w, `a ${img.width}px slot: ${img.src}`).toBeLessThanOrEqual(Math.max(2 * img.width, 320));
  }
});

for (const [width, height] of WIDTHS) {
  test(`at ${width}×${height}: no horizontal overflow and no axe violations on front, section and story`, async ({ page }) => {
    for (const path of [FRONT, SECTION, STORY]) {
      await open(page, path, width, height);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
      await expectNoAxeViolations(page, `${path} at ${width}px`);
    }
  });
}

for (const width of [390, 1280]) {
  test(`at ${width}px nothing shifts on front, section and story (CLS 0)`, async ({ page }) => {
    await page.addInitScript(() => {
      (window as any).__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as any[]) if (!e.hadRecentInput) (window as any).__shift += e.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    for (const path of [FRONT, SECTION, STORY]) {
      await open(page, path, width, HEIGHT);
      // Wait until every image on the first screen has loaded.
      await expect
        .poll(() =>
          page.evaluate(() =>
            [...document.querySelectorAll("main img")].every((img) => {
              const r = img.getBoundingClientRect();
              return r.width === 0 || r.top >= innerHeight || (img as HTMLImageElement).complete;
            }),
          ),
        )
        .toBe(true);
      expect(await page.evaluate(() => (window as any).__shift), path).toBe(0);
    }
  });
}

test("wide layouts in dark mode pass axe; printing a wide story leaves out the rails", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  for (const path of [FRONT, SECTION, STORY]) {
    await open(page, path, 1440, HEIGHT);
    await expect(page.locator("html")).not.toHaveAttribute("data-theme", "light");
    await expectNoAxeViolations(page, `${path} dark at 1440px`);
  }
  await page.emulateMedia({ colorScheme: "light", media: "print" });
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator(".side-rail")).toBeHidden();
  await expect(page.locator(".rail").first()).toBeHidden();
});
