import { test, expect, appReady, expectNoAxeViolations } from "./fixtures";
import type { Page, APIRequestContext } from "@playwright/test";

// The Arabic demo's own bars (examples/arabic, served by arabic.config.ts):
// a right-to-left layout that mirrors and never overflows, Arabic digits,
// and search in Arabic. The pages are read from the site's API.

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

async function paths(request: APIRequestContext) {
  const site = await (await request.get("/api/v1/site.json")).json();
  const front = await (await request.get(`/api/v1/fronts/${site.default_edition}.json`)).json();
  return { site, front, section: `/${site.sections[0].id}`, story: front.lead.url as string };
}

async function open(page: Page, path: string, width: number, height: number) {
  await page.setViewportSize({ width, height });
  await page.goto(path);
  await appReady(page);
}

test("the site speaks Arabic, right to left, in Arabic digits", async ({ request }) => {
  const { site } = await paths(request);
  expect(site.locale).toBe("ar");
  expect(site.ui.dir).toBe("rtl");
  expect(site.ui.digits).toBe("٠١٢٣٤٥٦٧٨٩");
});

for (const [width, height] of WIDTHS) {
  test(`at ${width}×${height}: no horizontal overflow on front, section and story; the lead headline above the fold`, async ({ page, request }) => {
    const p = await paths(request);
    for (const path of ["/", p.section, p.story]) {
      await open(page, path, width, height);
      const overflow = await page.evaluate(() => {
        const d = document.documentElement;
        return d.scrollWidth - d.clientWidth;
      });
      expect(overflow, `${path} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
      // Nothing sticks out past either edge (in RTL, overflow to the left
      // does not widen scrollWidth, so look at the boxes too).
      const outside = await page.evaluate(() =>
        [...document.querySelectorAll("main *")]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            const s = getComputedStyle(el);
            return r.width > 0 && s.visibility !== "hidden" && (r.left < -1 || r.right > innerWidth + 1) && !el.closest(".rail__list, .visually-hidden, .signup__trap");
          })
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
          .slice(0, 5),
      );
      expect(outside, `${path} at ${width}px`).toEqual([]);
      if (path === "/") {
        const box = (await page.locator(".front__lead .card__headline").boundingBox())!;
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.y + box.height).toBeLessThanOrEqual(height);
      }
    }
  });
}

test("story at 1440×800: the side rail sits left of the story, the masthead's name on the right", async ({ page, request }) => {
  const p = await paths(request);
  await open(page, p.story, 1440, HEIGHT);
  const rail = page.locator("aside.side-rail");
  await expect(rail).toBeVisible();
  const railBox = (await rail.boundingBox())!;
  const h1 = (await page.getByRole("heading", { level: 1 }).boundingBox())!;
  expect(railBox.x + railBox.width, "the rail ends before the headline starts").toBeLessThanOrEqual(h1.x);
  const name = (await page.locator(".masthead__name").boundingBox())!;
  expect(name.x + name.width / 2).toBeGreaterThan(720);
  await expectNoAxeViolations(page, "story at 1440px");
});

test("dates, reading time and page numbers are written in Arabic digits", async ({ page, request }) => {
  const p = await paths(request);
  await open(page, p.story, 1280, HEIGHT);
  const meta = await page.locator(".story-header__meta").innerText();
  expect(meta).toMatch(/[٠-٩]/);
  expect(meta).not.toMatch(/[0-9]/);
});

test("search finds a story by an Arabic word from its body", async ({ page, request }) => {
  const p = await paths(request);
  const slug = p.story.split("/").pop();
  const story = await (await request.get(`/api/v1/articles/${slug}.json`)).json();
  const text: string = story.body
    .filter((b: { type: string }) => b.type === "paragraph")
    .flatMap((b: { content: { text: string }[] }) => b.content.map((s) => s.text))
    .join(" ");
  // A long word from the body (long words are rare: few stories share one).
  const word = text
    .split(/[^\u0621-\u064A]+/u)
    .filter((w) => w.length >= 7)
    .sort((a, b) => b.length - a.length)[0];
  expect(word, "the lead story's body has a long Arabic word").toBeTruthy();
  await page.goto(`/search?q=${encodeURIComponent(word)}`);
  await appReady(page);
  await expect(page.locator("article.card").filter({ hasText: story.headline }).first()).toBeVisible();
  await expect(page.locator(".search-page__count")).toHaveText(/[٠-٩]|وجدنا مقالاً واحداً/);
});
