import { test, expect, appReady, expectNoAxeViolations } from "./fixtures";

/** Marks the window so a full reload (which would lose the mark) is detectable. */
async function markWindow(page: import("@playwright/test").Page) {
  await page.evaluate(() => ((window as any).__noReload = true));
}

test("front -> section -> story -> related story -> back, without a reload", async ({ page }) => {
  await page.goto("/");
  await appReady(page);
  await expect(page.locator(".card").first()).toBeVisible();
  await markWindow(page);

  const sections = page.getByRole("navigation", { name: "Sections" });
  await expect(sections.locator('[aria-current="page"]')).toHaveCount(0);
  await sections.getByRole("link", { name: "Climate" }).click();
  await expect(page).toHaveURL(/\/climate$/);
  // The section's link is marked current, on the section and its stories.
  await expect(sections.getByRole("link", { name: "Climate" })).toHaveAttribute("aria-current", "page");
  await expect(sections.locator('[aria-current="page"]')).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Climate");
  await expect(page).toHaveTitle("Climate | The Standfirst");
  const first = page.locator(".card__headline a").first();
  const firstHeadline = (await first.textContent())!.trim();
  await first.click();
  const h1 = page.getByRole("heading", { level: 1 });
  await expect(h1).toHaveText(firstHeadline);
  await expect(page).toHaveTitle(`${firstHeadline} | The Standfirst`);
  await expect(h1).toBeFocused();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await expect(sections.getByRole("link", { name: "Climate" })).toHaveAttribute("aria-current", "page");

  const related = page.getByRole("region", { name: "Related" }).locator(".card__headline a").first();
  const relatedHeadline = (await related.textContent())!.trim();
  await related.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(relatedHeadline);

  await page.goBack();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(firstHeadline);
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Climate");
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
});

test("back restores the scroll position of the previous page", async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 500 });
  await page.goto("/");
  await appReady(page);
  await expect(page.locator(".card").first()).toBeVisible();
  const target = page.locator(".front__section .card__headline a").last();
  await target.scrollIntoViewIfNeeded();
  const y = await page.evaluate(() => window.scrollY);
  expect(y).toBeGreaterThan(200);
  await target.click();
  await expect(page.locator("article.story h1")).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  await page.goBack();
  await expect(page.locator(".card").first()).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(y - 50);
});

test("a story prefetched on hover opens without a new request", async ({ page }) => {
  await page.goto("/");
  await appReady(page);
  await expect(page.locator(".card").first()).toBeVisible();
  const link = page.locator(".front__top .card__headline a").first();
  const headline = (await link.textContent())!.trim();
  const href = (await link.getAttribute("href"))!;
  const slug = href.split("/").pop();
  const requests: string[] = [];
  page.on("request", (r) => { if (r.url().includes(`/api/v1/articles/${slug}.json`)) requests.push(r.url()); });
  const loaded = page.waitForResponse((r) => r.url().includes(`/api/v1/articles/${slug}.json`));
  await link.hover();
  await loaded;
  expect(requests.length).toBe(1);
  await link.click();
  await expect(page.locator("article.story").getByRole("heading", { level: 1 })).toHaveText(headline);
  await expect(page.locator("article.story")).toBeVisible();
  expect(requests.length).toBe(1);
});

test("the edition switcher changes the front and is remembered", async ({ page }) => {
  await page.goto("/");
  await appReady(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("US edition");
  await page.getByLabel("Edition").selectOption("uk");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("UK edition");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("UK edition");
  await expect(page.getByLabel("Edition")).toHaveValue("uk");
  // A full load of the default front sends this reader to their edition's
  // front before first paint, from the head script.
  await page.goto("/");
  await expect(page).toHaveURL(/\/uk$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("UK edition");
  await appReady(page);
  await page.getByLabel("Edition").selectOption("us");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("US edition");
});

test("an unknown section is the not-found view", async ({ page, guard }) => {
  guard.allowConsole(/404/);
  await page.goto("/astrology");
  await appReady(page);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
});

test("section pages have no axe violations", async ({ page }) => {
  await page.goto("/world");
  await appReady(page);
  await expect(page.locator(".card").first()).toBeVisible();
  await expectNoAxeViolations(page, "section");
});

test("an address that only redirects leaves no history entry to go back to", async ({ page }) => {
  await page.goto("/");
  await appReady(page);
  await markWindow(page);
  // An in-app link to a section's first page by its long address, which
  // the app sends on to the section's own address.
  await page.evaluate(() => {
    const a = document.createElement("a");
    a.href = "climate/page/1";
    a.textContent = "Climate, page one";
    document.querySelector("main")!.prepend(a);
  });
  await page.getByRole("link", { name: "Climate, page one" }).click();
  await expect(page).toHaveURL(/\/climate$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Climate");
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator(".card").first()).toBeVisible();
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
});

test("a full load of an address that only redirects is replaced in the history", async ({ page, guard }) => {
  // A static host has no page at the long address: it answers 404 with the
  // app's not-found page, and the app sends the reader on.
  guard.allowConsole(/404/);
  await page.goto("/");
  await appReady(page);
  await page.goto("/climate/page/1");
  await expect(page).toHaveURL(/\/climate$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Climate");
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
});
