import { test, expect, appReady, expectNoAxeViolations } from "./fixtures";

test("the front renders the masthead, sections and stories", async ({ page }) => {
  await page.goto("/");
  await appReady(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "The Standfirst" }).first()).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Sections" });
  await expect(nav.getByRole("link", { name: "World" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("edition");
  await expect(page.getByRole("heading", { name: "Top stories" })).toBeVisible();
  await expect(page.locator(".card").first()).toBeVisible();
  await expect(page).toHaveTitle("The Standfirst");
});

test("the skip link is first in tab order and moves to the main content", async ({ page }) => {
  await page.goto("/");
  await appReady(page);
  await expect(page.locator(".card").first()).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();
});

test("a story route opens the story with its title", async ({ page }) => {
  await page.goto("/climate/the-long-thaw-at-port-esker");
  const h1 = page.getByRole("heading", { level: 1 });
  await expect(h1).toBeVisible();
  const headline = await h1.textContent();
  await expect(page).toHaveTitle(`${headline} | The Standfirst`);
});

test("an unknown route shows the not-found view", async ({ page, guard }) => {
  guard.allowConsole(/404/);
  await page.goto("/no/such/page/here");
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page).toHaveTitle("Page not found | The Standfirst");
  await expect(page.getByRole("link", { name: "Go to the front page" })).toBeVisible();
});

test("an unknown story is not found, with a real 404 from the API", async ({ page, guard }) => {
  guard.allowConsole(/404/);
  const api = await page.request.get("/api/v1/articles/no-such-story.json");
  expect(api.status()).toBe(404);
  await page.goto("/world/no-such-story");
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expectNoAxeViolations(page, "not found");
});

test("the front has no axe violations", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator(".card").first()).toBeVisible();
  await expectNoAxeViolations(page, "front");
});

test("without WebAssembly the prerendered page is whole and its links work", async ({ page, guard }) => {
  // trunk's loader itself fails, as it would in such a browser.
  guard.allowConsole(/WebAssembly is not defined/);
  await page.addInitScript(() => { delete (window as any).WebAssembly; });
  await page.goto("/");
  // The loader gives up (after the page has loaded) and says so.
  await expect(page.locator("html")).toHaveAttribute("data-app", "failed");
  await expect(page.getByRole("heading", { name: "Top stories" })).toBeVisible();
  const card = page.locator(".card__headline a").first();
  const headline = (await card.textContent())!.trim();
  await card.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(headline);
});

test("a failed wasm download leaves the prerendered page readable", async ({ page, guard }) => {
  guard.allowConsole(/wasm|WebAssembly|Failed to load|net::ERR_FAILED|TypeError|Failed to fetch/i);
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.goto("/climate/the-long-thaw-at-port-esker");
  await expect(page.locator("html")).toHaveAttribute("data-app", "failed");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator(".story__body p").first()).toBeVisible();
});

test("a page whose data cannot be loaded stays as prerendered, readable", async ({ page, guard }) => {
  // The page names its API file; the app fetches it after load to take over.
  guard.allowConsole(/Failed to load|net::ERR_FAILED|could not start/i);
  await page.route(/\/api\/v1\/articles\/[a-z0-9-]+\.json$/, (route) => route.abort());
  await page.goto("/climate/the-long-thaw-at-port-esker");
  await expect(page.locator("html")).toHaveAttribute("data-app", "failed");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("The long thaw at Port Esker");
  await expect(page.locator(".story__body p").first()).toBeVisible();
  // Its links are plain links.
  await page.getByRole("link", { name: "Climate", exact: true }).first().click();
  await expect(page).toHaveURL(/\/climate$/);
});

test("a prerendered page carries no data, only the name of its API file", async ({ page }) => {
  const html = await (await page.request.get("/")).text();
  expect(html).not.toContain("standfirst-site");
  expect(html).toMatch(/<script type="application\/json" id="standfirst-page" data-path="\/" data-kind="front" data-src="api\/v1\/fronts\/us\.json"><\/script>/);
  // Nothing of the app is asked for before the page's own files.
  const early: string[] = [];
  page.on("request", (r) => { if (/\.(js|wasm)$|\/api\/v1\//.test(r.url())) early.push(r.url()); });
  await page.goto("/", { waitUntil: "domcontentloaded" });
  expect(early).toEqual([]);
  await appReady(page);
  expect(early.some((u) => u.endsWith("/api/v1/fronts/us.json"))).toBe(true);
});

test("the takeover keeps every part of the front, including what renders after the first screen", async ({ page }) => {
  // What the build prerendered: section blocks and cards.
  const html = await (await page.request.get("/")).text();
  const count = (cls: string) => html.split(`class="${cls}"`).length - 1;
  const sections = count("front__section");
  const cards = count("card");
  expect(sections).toBeGreaterThan(0);
  await page.goto("/");
  await appReady(page);
  // The app's own render, swapped in once the section blocks (rendered in
  // a later task) are there.
  await expect(page.locator("section.front__section")).toHaveCount(sections);
  await expect(page.locator("article.card")).toHaveCount(cards);
});
