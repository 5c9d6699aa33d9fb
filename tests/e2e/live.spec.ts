import { test, expect, appReady, expectNoAxeViolations } from "./fixtures";
import { Page, Route } from "@playwright/test";

// A live story in an open tab. The page's clock is Playwright's
// (page.clock), so each poll happens when the test moves time on; the
// story's JSON is answered by the test (page.route), from the build's own
// copy with the changes each test needs.

const STORY = "/politics/port-esker-north-count-live";
const JSON_PATH = "/api/v1/articles/port-esker-north-count-live.json";
const HEADLINE = "Port Esker North by-election: the count and the recount, live";
const EVERY = 15_000;

type Entry = { id: string; posted: string; updated?: string; title?: string; body: unknown[] };
type Article = { live: { version: string; status: string; entries: Entry[]; last_updated: string } };

/** An entry posted `n` minutes after the newest one of `a`. */
function entry(a: Article, id: string, n: number, text: string): Entry {
  const t = new Date(Date.parse(a.live.entries[0].posted) + n * 60_000).toISOString().replace(".000Z", "Z");
  return { id, posted: t, body: [{ type: "paragraph", content: [{ text }] }] };
}

/** Answers the story's JSON from `current()`, counting the requests. */
async function serve(page: Page, current: () => Article | number) {
  const seen = { requests: 0 };
  await page.route(`**${JSON_PATH}`, async (route: Route) => {
    seen.requests += 1;
    const body = current();
    if (typeof body === "number") return route.fulfill({ status: body, body: "" });
    return route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(body) });
  });
  return seen;
}

/** A changed copy: a new version, and `edit` applied. */
function changed(base: Article, edit: (a: Article) => void): Article {
  const a: Article = JSON.parse(JSON.stringify(base));
  edit(a);
  a.live.version = `${a.live.version}-${Math.random().toString(36).slice(2)}`;
  return a;
}

async function open(page: Page, url = STORY): Promise<Article> {
  await page.clock.install();
  const original: Article = await (await page.request.get(JSON_PATH)).json();
  await page.goto(url);
  await appReady(page);
  await expect(page.locator(".live__entries > li").first()).toBeVisible();
  return original;
}

/** Sum of the layout shifts the page records from now on. */
async function watchShifts(page: Page) {
  await page.evaluate(() => {
    (window as any).__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as any[]) if (!e.hadRecentInput) (window as any).__shift += e.value;
    }).observe({ type: "layout-shift", buffered: false });
  });
  return () => page.evaluate(() => (window as any).__shift as number);
}

test("the prerendered live story: label, key events, pinned entry first, entries newest first, JSON-LD", async ({ page }) => {
  await page.goto(STORY);
  const live = page.locator(".live");
  await expect(live.locator(".live-badge")).toHaveText("Live");
  await expect(live.getByRole("navigation", { name: "Key events" }).getByRole("link")).toHaveCount(3);
  const pinned = live.locator(".live-entry--pinned");
  await expect(pinned).toHaveAttribute("id", "how-to-follow");
  // The pinned entry comes before the others, which are newest first.
  const ids = await live.locator(".live__entries .live-entry").evaluateAll((els) => els.map((e) => e.id));
  expect(ids[0]).toBe("result-expected");
  expect(ids.at(-1)).toBe("polls-close");
  expect(ids).not.toContain("how-to-follow");
  // Each entry's time is in the markup and is its permalink.
  const turnout = page.locator("#turnout");
  await expect(turnout.locator("time").first()).toHaveAttribute("datetime", "2026-12-03T21:40:00Z");
  await expect(turnout.locator('a[href="#turnout"]')).toHaveText(/\d/);
  await expect(turnout.getByText("Updated")).toBeVisible();
  const ld = await page.locator('script[type="application/ld+json"]').first().textContent();
  const data = JSON.parse(ld!);
  expect(data["@type"]).toBe("LiveBlogPosting");
  expect(data.coverageStartTime).toBe("2026-12-03T20:00:00Z");
  expect(data.coverageEndTime).toBeUndefined();
  expect(data.liveBlogUpdate.length).toBe(14);
  expect(data.liveBlogUpdate[0].url).toMatch(/#how-to-follow$/);
});

test("fronts and rails mark the live story", async ({ page }) => {
  await page.goto("/politics");
  const card = page.locator(".card", { has: page.getByRole("link", { name: HEADLINE }) });
  await expect(card.locator(".live-badge")).toHaveText("Live");
});

test("at the top, a new entry appears by itself and nothing on screen moves", async ({ page }) => {
  const original = await open(page);
  let now: Article = original;
  const seen = await serve(page, () => now);
  const shifts = await watchShifts(page);
  now = changed(original, (a) => a.live.entries.unshift(entry(a, "declaration", 20, "The returning officer has begun reading the result.")));
  await page.clock.runFor(EVERY);
  await expect(page.locator("#declaration")).toHaveCount(1);
  await expect(page.locator(".live__entries .live-entry").first()).toHaveAttribute("id", "declaration");
  expect(seen.requests).toBe(1);
  await expect(page.getByRole("button", { name: /new update/ })).toHaveCount(0);
  await expect(page).toHaveTitle(new RegExp(`^${HEADLINE}`));
  expect(await shifts()).toBe(0);
});

test("mid-page, new entries wait behind an announced button; nothing moves; pressing it shows them", async ({ page }) => {
  const original = await open(page);
  let now: Article = original;
  await serve(page, () => now);
  const reading = page.locator("#adjudication");
  await reading.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, 1));
  const before = await reading.boundingBox();
  const shifts = await watchShifts(page);
  // Five polls, each with one more entry.
  for (let i = 1; i <= 5; i++) {
    now = changed(now, (a) => a.live.entries.unshift(entry(a, `late-${i}`, i, `Late update ${i}.`)));
    await page.clock.runFor(EVERY);
    await expect(page.getByRole("button", { name: i === 1 ? "1 new update" : `${i} new updates` })).toBeVisible();
  }
  await expect(page.locator("#late-5")).toHaveCount(0);
  expect(await reading.boundingBox()).toEqual(before);
  expect(await shifts()).toBe(0);
  await expect(page).toHaveTitle(`(5) ${HEADLINE} | The Standfirst`);
  // The button sits in the page's polite live region: its text is announced.
  await expect(page.locator(".live [role=status]")).toHaveText("5 new updates");
  await expectNoAxeViolations(page, "live story with new updates waiting");

  await page.getByRole("button", { name: "5 new updates" }).click();
  await expect(page.locator("#late-5")).toBeFocused();
  await expect(page.getByRole("button", { name: /new update/ })).toHaveCount(0);
  await expect(page).toHaveTitle(`${HEADLINE} | The Standfirst`);
});

test("an edited entry changes in place and a deleted one disappears", async ({ page }) => {
  const original = await open(page);
  let now: Article = original;
  await serve(page, () => now);
  await page.locator("#adjudication").scrollIntoViewIfNeeded();
  now = changed(original, (a) => {
    const e = a.live.entries.find((x) => x.id === "postal-votes")!;
    e.updated = a.live.last_updated;
    e.body = [{ type: "paragraph", content: [{ text: "Postal votes were a quarter of all ballots, not a fifth." }] }];
    a.live.entries = a.live.entries.filter((x) => x.id !== "harbour-wards");
  });
  await page.clock.runFor(EVERY);
  await expect(page.locator("#postal-votes")).toContainText("a quarter of all ballots");
  await expect(page.locator("#postal-votes")).toContainText("Updated");
  await expect(page.locator("#harbour-wards")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /new update/ })).toHaveCount(0);
});

test("a hidden tab is not polled, and is polled at once when shown", async ({ page }) => {
  const original = await open(page);
  const seen = await serve(page, () => original);
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await page.clock.runFor(4 * EVERY);
  expect(seen.requests).toBe(0);
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await expect.poll(() => seen.requests).toBe(1);
});

test("failures back off, then say updates are paused, and recover", async ({ page, guard }) => {
  guard.allowConsole(/Failed to load resource|status of 503/);
  const original = await open(page);
  let now: Article | number = 503;
  const seen = await serve(page, () => now);
  const note = page.locator(".live__note");
  await page.clock.runFor(EVERY); // failure 1
  await expect.poll(() => seen.requests).toBe(1);
  await page.clock.runFor(EVERY); // backing off: 30 s now
  expect(seen.requests).toBe(1);
  await page.clock.runFor(EVERY); // failure 2
  await expect.poll(() => seen.requests).toBe(2);
  await expect(note).toBeHidden();
  await page.clock.runFor(60_000); // failure 3
  await expect.poll(() => seen.requests).toBe(3);
  await expect(note).toHaveText("Updates paused, retrying");
  await expect(page.locator(".live__entries")).toBeVisible();
  now = original;
  await page.clock.runFor(120_000);
  await expect.poll(() => seen.requests).toBe(4);
  await expect(note).toBeHidden();
});

test("an ended blog loses its label and stops asking", async ({ page }) => {
  const original = await open(page);
  let now: Article = changed(original, (a) => (a.live.status = "ended"));
  const seen = await serve(page, () => now);
  await page.clock.runFor(EVERY);
  await expect(page.locator(".live .live-badge")).toHaveCount(0);
  await page.clock.runFor(10 * EVERY);
  expect(seen.requests).toBe(1);
});

test("offline, the page keeps its last copy with its time and does not poll", async ({ page, context }) => {
  const original = await open(page);
  const seen = await serve(page, () => original);
  await context.setOffline(true);
  await page.clock.runFor(4 * EVERY);
  expect(seen.requests).toBe(0);
  await expect(page.locator(".live__state")).toContainText("Last updated");
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  await expect.poll(() => seen.requests).toBe(1);
});

test("a permalink opens at its entry, and a key event link goes to it", async ({ page }) => {
  await page.goto(`${STORY}#recount-requested`);
  await appReady(page);
  await expect(page.locator("#recount-requested")).toBeInViewport();
  await page.getByRole("navigation", { name: "Key events" }).getByRole("link", { name: /Turnout passes 70%/ }).click();
  await expect(page).toHaveURL(new RegExp(`${STORY}#turnout$`));
  await expect(page.locator("#turnout")).toBeInViewport();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("permalinks and key events work on the prerendered page", async ({ page }) => {
    await page.goto(`${STORY}#turnout`);
    await expect(page.locator("#turnout")).toBeInViewport();
    await expect(
      page.getByRole("navigation", { name: "Key events" }).getByRole("link", { name: /Recount granted/ }),
    ).toHaveAttribute("href", `${STORY}#recount-requested`);
  });
});
