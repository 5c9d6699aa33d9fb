import { test, expect, appReady, expectNoAxeViolations } from "./fixtures";

// Words that find one story only (the demo content; Pagefind stems words,
// so "decisions" would also find "decision").
const POLITICS_WORD = "democracy"; // lower-the-voting-age-to-sixteen: politics, US and UK
const POLITICS_HEADLINE = "Varnia should let sixteen-year-olds vote. The coast is the reason";
const US_ONLY_WORD = "millimetres"; // a-year-of-tides-at-port-esker: climate, US only
const US_ONLY_HEADLINE = "Watch: a year of tides at Port Esker, in four seconds";

test("the search index is loaded only when search opens", async ({ page }) => {
  const pagefind: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/pagefind/")) pagefind.push(r.url());
  });
  await page.goto("/climate/the-long-thaw-at-port-esker");
  await appReady(page);
  expect(pagefind).toEqual([]);
  await page.goto(`/search?q=${POLITICS_WORD}`);
  await appReady(page);
  await expect(page.getByRole("link", { name: POLITICS_HEADLINE })).toBeVisible();
  expect(pagefind.length).toBeGreaterThan(0);
});

test("a word from a story's body finds it, highlighted, in the app's card style", async ({ page }) => {
  await page.goto("/");
  await appReady(page);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const box = page.getByRole("search", { name: "Site" }).getByRole("searchbox", { name: "Search stories" });
  await box.fill(POLITICS_WORD);
  await box.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/search\\?q=${POLITICS_WORD}$`));
  await appReady(page);
  await expect(page.getByRole("status").filter({ hasText: "1 story found" })).toBeVisible();
  const card = page.locator("article.card").filter({ hasText: POLITICS_HEADLINE });
  await expect(card.getByRole("link", { name: POLITICS_HEADLINE })).toHaveAttribute(
    "href",
    "/politics/lower-the-voting-age-to-sixteen",
  );
  await expect(card.locator(".card__excerpt mark").first()).toHaveText(new RegExp(POLITICS_WORD, "i"));
  await expect(card.getByRole("button", { name: `Save: ${POLITICS_HEADLINE}` })).toBeEnabled();
  await expect(page.getByRole("searchbox", { name: "Words to find" })).toHaveValue(POLITICS_WORD);
  await expectNoAxeViolations(page, "search results");
  // Opening a result is an in-app navigation.
  await card.getByRole("link", { name: POLITICS_HEADLINE }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(POLITICS_HEADLINE);
});

test("section and edition filters narrow the results", async ({ page }) => {
  await page.goto(`/search?q=${POLITICS_WORD}&section=climate`);
  await appReady(page);
  await expect(page.getByRole("status").filter({ hasText: "No stories found" })).toBeVisible();
  await page.getByRole("search", { name: "Stories" }).getByLabel("Section").selectOption({ label: "Politics" });
  await page.getByRole("button", { name: "Search", exact: true }).last().click();
  await expect(page).toHaveURL(/section=politics/);
  await expect(page.getByRole("link", { name: POLITICS_HEADLINE })).toBeVisible();

  await page.goto(`/search?q=${US_ONLY_WORD}&edition=uk`);
  await appReady(page);
  await expect(page.getByRole("status").filter({ hasText: "No stories found" })).toBeVisible();
  await expect(page.getByRole("search", { name: "Stories" }).getByLabel("Edition")).toHaveValue("uk");
  await page.goto(`/search?q=${US_ONLY_WORD}&edition=us`);
  await expect(page.getByRole("link", { name: US_ONLY_HEADLINE })).toBeVisible();
});

test("index text is shown as text, never as markup", async ({ page }) => {
  // A query whose words could be markup finds nothing and injects nothing.
  await page.goto(`/search?q=${encodeURIComponent('<img src=x onerror="window.__pwned=1">')}`);
  await appReady(page);
  await expect(page.getByRole("status").filter({ hasText: /found/ })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__pwned ?? null)).toBeNull();
  await expect(page.locator(".search-page img")).toHaveCount(0);
});

test("the app starts only after pwa.js, whose search it calls, however late pwa.js arrives", async ({ page }) => {
  // pwa.js is held back until the wasm has arrived: the app must wait for
  // it rather than run the query without it.
  let release!: () => void;
  const held = new Promise<void>((done) => (release = done));
  await page.route(/\/pwa\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  const wasm = page.waitForResponse(/\.wasm$/);
  await page.goto(`/search?q=${POLITICS_WORD}`);
  await (await wasm).finished();
  expect(await page.locator("html").getAttribute("data-app")).toBeNull();
  release();
  await appReady(page);
  await expect(page.getByRole("link", { name: POLITICS_HEADLINE })).toBeVisible();
});
