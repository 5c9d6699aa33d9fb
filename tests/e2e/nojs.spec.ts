import { test, expect } from "./fixtures";

// A reader (or a crawler) with no JavaScript at all gets every page
// prerendered: readable, navigable by real links, with a working form.
test.use({ javaScriptEnabled: false });

const STORY = "/climate/the-long-thaw-at-port-esker";

test("a story is readable with no script", async ({ page }) => {
  const response = await page.goto(STORY);
  expect(response!.status()).toBe(200);
  const h1 = page.getByRole("heading", { level: 1 });
  await expect(h1).toHaveCount(1);
  await expect(h1).toBeVisible();
  await expect(page.locator(".story-header__standfirst")).not.toBeEmpty();
  await expect(page.locator(".story__body p").first()).toBeVisible();
  await expect(page.locator(".story-header__dates time").first()).toHaveText(/20\d\d/);
  await expect(page.locator("link[rel='canonical']")).toHaveAttribute("href", `https://news.example.org${STORY}`);
  await expect(page.getByRole("region", { name: "Related" })).toBeVisible();
});

test("links move between prerendered pages", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "World" }).click();
  await expect(page).toHaveURL(/\/world$/);
  await expect(page.getByRole("heading", { level: 1, name: "World" })).toBeVisible();
  const card = page.locator(".card__headline a").first();
  const headline = (await card.textContent())!.trim();
  await card.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(headline);
  await page.goto("/uk");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/UK edition/);
});

test("an unknown path is the prerendered not-found page, with status 404", async ({ page, guard }) => {
  guard.allowConsole(/404/);
  const response = await page.goto("/no/such/page/here");
  expect(response!.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
});

test("the sign-up form posts and gets a readable answer", async ({ page, guard }) => {
  // The browser asks for /favicon.ico on the endpoint's answer page; there is none.
  guard.allowConsole(/404/);
  await page.goto("/newsletters");
  await page.getByRole("checkbox", { name: /Daily Briefing/ }).check();
  await page.getByLabel("Email address").fill("no-script@example.org");
  await page.getByRole("checkbox", { name: "I agree to receive this newsletter." }).check();
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/api\/newsletter$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("body")).toContainText(/inbox|confirm/i);
  await expect(page.getByRole("link", { name: /page you were on/i })).toHaveAttribute("href", "/newsletters");
});

test("the search form submits to /search, which says search needs JavaScript", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const box = page.getByRole("search", { name: "Site" }).getByRole("searchbox");
  await box.fill("harbour");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=harbour$/);
  await expect(page.getByRole("heading", { level: 1, name: "Search" })).toBeVisible();
  await expect(page.getByText("Search needs JavaScript")).toBeVisible();
  await page.getByRole("link", { name: "Science" }).last().click();
  await expect(page.getByRole("heading", { level: 1, name: "Science" })).toBeVisible();
});

test("save toggles are prerendered disabled", async ({ page }) => {
  await page.goto(STORY);
  await expect(page.getByRole("button", { name: "Save story" })).toBeDisabled();
  await expect(page.getByRole("button", { name: /^Save: / }).first()).toBeDisabled();
});
