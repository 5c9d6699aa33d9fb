import { test, expect, appReady } from "./fixtures";
import type { Page } from "@playwright/test";

// Right-to-left layout (issue 24): the English demo with <html dir="rtl"
// lang="ar"> forced after the app has started, so that every stylesheet
// rule is read the way an Arabic-language site reads it. Measured boxes,
// not pixels. (The geometry tests run against a site whose site.json sets
// an RTL locale just as well: drop `forceRtl` there.)

const FRONT = "/";
const SECTION = "/world";
const STORY = "/climate/the-long-thaw-at-port-esker";
const HEIGHT = 800;

async function forceRtl(page: Page) {
  await page.evaluate(() => {
    document.documentElement.dir = "rtl";
    document.documentElement.lang = "ar";
  });
}

async function openRtl(page: Page, path: string, width: number) {
  await page.setViewportSize({ width, height: HEIGHT });
  await page.goto(path);
  await appReady(page);
  await forceRtl(page);
}

function box(page: Page, selector: string) {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, width: r.width };
  });
}

for (const width of [320, 390, 768, 1280, 1920]) {
  test(`rtl at ${width}px: no horizontal overflow on front, section and story`, async ({ page }) => {
    for (const path of [FRONT, SECTION, STORY]) {
      await openRtl(page, path, width);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${path} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
    }
  });
}

test("rtl story at 1440px: the side rail is left of the story, the byline isolated", async ({ page }) => {
  await openRtl(page, STORY, 1440);
  const rail = page.getByRole("complementary", { name: /^More from / });
  await expect(rail).toBeVisible();
  const railBox = await box(page, ".story-page > .side-rail");
  const storyBox = await box(page, ".story-page > .story");
  expect(railBox.right, JSON.stringify({ railBox, storyBox })).toBeLessThanOrEqual(storyBox.left);
  // Text runs start at the right: the headline's right edge is the story's.
  const h1 = await box(page, ".story-header__headline");
  expect(Math.abs(h1.right - storyBox.right)).toBeLessThanOrEqual(1);
  // Author names are isolated from the text around them.
  await expect(page.locator(".story-header .byline bdi").first()).toBeAttached();
});

for (const width of [390, 1280]) {
  test(`rtl masthead at ${width}px: the brand at the right edge, search opening from the left`, async ({ page }) => {
    await openRtl(page, FRONT, width);
    const edges = await page.locator(".masthead__bar").evaluate((bar) => {
      const r = bar.getBoundingClientRect();
      const pad = parseFloat(getComputedStyle(bar).paddingInlineEnd);
      return { left: r.left + pad, right: r.right - pad };
    });
    const brand = await box(page, ".masthead__name");
    expect(Math.abs(brand.right - edges.right), JSON.stringify({ brand, edges })).toBeLessThanOrEqual(1);
    const open = await box(page, ".masthead__open");
    expect(open.right).toBeLessThanOrEqual(brand.left);
    // The search popover sits under the bar at its inline end (the left),
    // wholly on screen.
    await page.locator(".masthead__open").click();
    const search = page.locator("#masthead-search");
    await expect(search).toBeVisible();
    const s = await box(page, "#masthead-search");
    expect(s.left).toBeGreaterThanOrEqual(0);
    expect(s.right).toBeLessThanOrEqual(width);
    expect(Math.abs(s.left - edges.left), JSON.stringify({ s, edges })).toBeLessThanOrEqual(1);
  });
}

test("rtl story at 390px: the sideways rail starts at the right; quotes and lists indent from the right", async ({ page }) => {
  await openRtl(page, STORY, 390);
  const list = await box(page, ".rail__list");
  const first = await box(page, ".rail__list > li");
  expect(Math.abs(first.right - list.right), JSON.stringify({ list, first })).toBeLessThanOrEqual(1);
  // Logical padding: the indent is on the right in RTL, none on the left.
  const pads = await page.evaluate(() =>
    [...document.querySelectorAll(".block-quote, .block-list")].map((el) => {
      const s = getComputedStyle(el);
      return { left: parseFloat(s.paddingLeft), right: parseFloat(s.paddingRight) };
    }),
  );
  expect(pads.length).toBeGreaterThan(0);
  for (const p of pads) {
    expect(p.right).toBeGreaterThan(0);
    expect(p.left).toBe(0);
  }
});

test("Arabic text on an Arabic page is set in the shipped Naskh; an English page fetches no font", async ({ page }) => {
  const fonts: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "font") fonts.push(new URL(r.url()).pathname);
  });
  await page.setViewportSize({ width: 1280, height: HEIGHT });
  await page.goto(STORY);
  await appReady(page);
  await page.evaluate(() => document.fonts.ready);
  expect(fonts, "an English page").toEqual([]);

  await forceRtl(page);
  await page.evaluate(() => {
    document.querySelector(".story-header__headline")!.textContent = "مدينة الموانئ تستعد لموسم الذوبان الطويل";
    document.querySelector(".story__body p")!.textContent = "قال سكان المدينة إن الجليد ذاب قبل موعده بأسبوعين.";
  });
  await page.evaluate(() => document.fonts.ready);
  await expect.poll(() => [...new Set(fonts)].sort()).toEqual(["/fonts/naskh-400.woff2", "/fonts/naskh-700.woff2"]);
  // The fonts the browser drew each with (DevTools' platform fonts): the
  // shipped Naskh, and other fonts for no more glyphs than there are
  // characters outside the Arabic blocks (spaces, the full stop), so no
  // Arabic letter fell back to another font or to a missing-glyph box.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
  for (const selector of [".story-header__headline", ".story__body p"]) {
    const text = await page.locator(selector).first().textContent();
    const others = [...text!].filter((c) => !/[\u0600-\u06ff]/.test(c)).length;
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
    const { fonts: used } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    const naskh = used.filter((f) => f.familyName === "Noto Naskh Arabic");
    const fallback = used.filter((f) => f.familyName !== "Noto Naskh Arabic").reduce((n, f) => n + f.glyphCount, 0);
    expect(naskh.length, `${selector}: ${JSON.stringify(used)}`).toBe(1);
    expect(fallback, `${selector}: ${JSON.stringify(used)}`).toBeLessThanOrEqual(others);
  }
  const weight = await page.locator(".story-header__headline").evaluate((h) => getComputedStyle(h).fontWeight);
  expect(weight).toBe("700");
});
