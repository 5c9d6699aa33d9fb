import { test, expect, appReady, expectNoAxeViolations } from "./fixtures";
import { Page } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Offline reading with the service worker: these tests let it run.
test.use({ serviceWorkers: "allow" });

const STORY = "/climate/the-long-thaw-at-port-esker";
const STORY_HEADLINE = "The long thaw at Port Esker";
// One of STORY's related stories (saved from its card) and one never opened.
const RELATED = "/politics/harbour-vote-explained";
const UNVISITED = "/science/glass-octopus-found-in-esker-sound";

test.beforeEach(async ({ context, guard }) => {
  // Offline, what is not cached fails to load, and the browser says so.
  guard.allowConsole(/ERR_INTERNET_DISCONNECTED|Failed to load resource|FetchEvent|Failed to fetch/);
  await context.route(/youtube-nocookie\.com|player\.vimeo\.com/, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>player</title>" }),
  );
});

/** Waits until the worker controls the page. */
async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

/** Waits until `path` is in one of the worker's caches. */
async function cached(page: Page, path: string) {
  await expect
    .poll(() => page.evaluate((p) => caches.match(new URL(p, location.href).href).then((r) => !!r), path), {
      message: `${path} cached`,
    })
    .toBe(true);
}

test("a visited story reloads offline, an unvisited one shows the offline view, a saved one opens", async ({
  page,
  context,
}) => {
  await page.goto(STORY);
  await appReady(page);
  await controlled(page);
  // The page the reader landed on is kept, with its JSON.
  await cached(page, STORY);
  await cached(page, "/api/v1/articles/the-long-thaw-at-port-esker.json");

  // Save a related story from its card: downloaded at once.
  const related = page.getByRole("region", { name: "Related" });
  const card = related.locator("article.card").filter({ has: page.locator(`a[href="${RELATED}"]`) });
  const relatedHeadline = (await card.getByRole("link").first().textContent())!.trim();
  const toggle = card.getByRole("button", { name: `Save: ${relatedHeadline}` });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await cached(page, RELATED);
  await cached(page, "/api/v1/articles/harbour-vote-explained.json");

  await context.setOffline(true);
  await expect(page.getByRole("status").filter({ hasText: "You're offline" })).toBeVisible();

  // The visited story, by URL (reload).
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(STORY_HEADLINE);
  await appReady(page);
  await expect(page.locator(".story__body p").first()).toBeVisible();

  // A story never opened: the offline view, listing what is on the device.
  await page.goto(UNVISITED);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You're offline");
  await appReady(page);
  const saved = page.getByRole("region", { name: "Saved stories" });
  await expect(saved.getByRole("link", { name: relatedHeadline })).toBeVisible();
  const recent = page.getByRole("region", { name: "Recently read" });
  await expect(recent.getByRole("link", { name: STORY_HEADLINE })).toBeVisible();
  await expectNoAxeViolations(page, "the offline view");

  // The saved story, by in-app navigation from that list, then by URL.
  await saved.getByRole("link", { name: relatedHeadline }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(relatedHeadline);
  await page.goto(RELATED);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(relatedHeadline);

  // The saved list opens offline by URL.
  await page.goto("/saved");
  await appReady(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Saved stories");
  await expect(page.getByRole("link", { name: relatedHeadline })).toBeVisible();

  // Back online, the note goes.
  await context.setOffline(false);
  await expect(page.locator("#offline-note")).toBeHidden();
});

test("history and in-app navigation to a cached story work offline", async ({ page, context }) => {
  await page.goto("/climate");
  await appReady(page);
  await controlled(page);
  await page.locator(`a[href="${STORY}"]`).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(STORY_HEADLINE);
  // Opened in the app: the worker is told to keep the page itself too.
  await cached(page, STORY);
  await page.goBack();
  await expect(page).toHaveURL(/\/climate$/);
  await context.setOffline(true);
  await page.goForward();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(STORY_HEADLINE);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(STORY_HEADLINE);
});

test("the site is installable: a manifest from site.json, linked from every page once it has loaded", async ({ page, request, playwright }) => {
  for (const path of ["/", "/uk", "/world", STORY, "/saved", "/search", "/newsletters"]) {
    // Not in the page itself: the browser would fetch it beside the page's own files.
    const html = await (await request.get(path)).text();
    expect(html, path).not.toContain('rel="manifest"');
    await page.goto(path);
    await expect(page.locator('head link[rel="manifest"]'), path).toHaveAttribute("href", /\/manifest\.webmanifest$/);
  }
  const manifest = await (await request.get("/manifest.webmanifest")).json();
  expect(manifest).toMatchObject({
    name: "The Standfirst",
    short_name: "Standfirst",
    start_url: "./",
    display: "standalone",
  });
  expect(manifest.theme_color).toMatch(/^#/);
  expect(manifest.background_color).toMatch(/^#/);
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  for (const icon of manifest.icons) {
    const res = await request.get(`/${icon.src}`);
    expect(res.headers()["content-type"]).toContain("image/png");
  }
  // Chromium checks installability only outside incognito: a profile on disk.
  const profile = mkdtempSync(join(tmpdir(), "standfirst-install-"));
  const persistent = await playwright.chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    baseURL: test.info().project.use.baseURL,
  });
  try {
    const installed = persistent.pages()[0] ?? (await persistent.newPage());
    await installed.goto("/");
    await appReady(installed);
    await controlled(installed);
    const cdp = await persistent.newCDPSession(installed);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);
  } finally {
    await persistent.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test("the service worker is small and cached stories stay bounded by site.json", async ({ request }) => {
  const sw = await (await request.get("/sw.js")).text();
  expect(sw).toMatch(/const BUILD = \{.*"version":"[0-9a-f]{16}"/);
  expect(sw).toContain('"stories":50');
  expect(sw).not.toMatch(/importScripts|eval\(/);
});
