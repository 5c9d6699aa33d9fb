import { test, expect, appReady, expectNoAxeViolations } from "./fixtures";
import type { Page } from "@playwright/test";

// Author and topic pages (issue 25): reached from a byline and a story's
// topics, prerendered with their feed in the head and their JSON-LD, and
// navigated to inside the app.

const STORY = "/politics/harbour-vote-explained";
const AUTHOR = "/author/tobiah-wren";
const TOPIC = "/topic/port-esker";

async function jsonLd(page: Page): Promise<any> {
  const text = await page.locator('script[type="application/ld+json"]').first().textContent();
  return JSON.parse(text!);
}

test("an author's page: name, role, bio, stories newest first, feed and Person JSON-LD", async ({ page, request }) => {
  await page.goto(AUTHOR);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tobiah Wren");
  await expect(page).toHaveTitle("Tobiah Wren | The Standfirst");
  const main = page.getByRole("main");
  await expect(main.locator("strong").first()).toHaveText("Political correspondent");
  await expect(main).toContainText("Covers the Varnian Assembly");
  await expect(main.getByRole("link", { name: /Newsletter: Wren on Politics/ })).toHaveAttribute(
    "href",
    "https://wren.example.org/",
  );
  const dates = await page.locator("main .card time").evaluateAll((ts) => ts.map((t) => t.getAttribute("datetime")!));
  expect(dates.length).toBeGreaterThanOrEqual(4);
  expect([...dates].sort().reverse()).toEqual(dates);

  const feed = page.locator('head link[rel="alternate"][type="application/rss+xml"]');
  await expect(feed).toHaveAttribute("href", /\/feeds\/author\/tobiah-wren\.xml$/);
  const xml = await (await request.get("/feeds/author/tobiah-wren.xml")).text();
  expect(xml).toContain("<title>Tobiah Wren | The Standfirst</title>");
  expect(xml).toContain("/politics/harbour-vote-explained</link>");

  const ld = await jsonLd(page);
  expect(ld["@type"]).toBe("ProfilePage");
  expect(ld.mainEntity["@type"]).toBe("Person");
  expect(ld.mainEntity.name).toBe("Tobiah Wren");
  expect(ld.mainEntity.jobTitle).toBe("Political correspondent");
  await appReady(page);
  await expectNoAxeViolations(page, "an author's page");
});

test("a topic's page: described name, description, stories and CollectionPage JSON-LD", async ({ page }) => {
  await page.goto(TOPIC);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Port Esker");
  await expect(page.getByRole("main")).toContainText("The harbour town on the Esker Sound");
  expect(await page.locator("main .card").count()).toBeGreaterThanOrEqual(7);
  await expect(page.locator('head link[rel="alternate"][type="application/rss+xml"]')).toHaveAttribute(
    "href",
    /\/feeds\/topic\/port-esker\.xml$/,
  );
  const ld = await jsonLd(page);
  expect(ld["@type"]).toBe("CollectionPage");
  expect(ld.mainEntity.itemListElement.length).toBeGreaterThanOrEqual(7);
  const feed = await page.evaluate(async () => {
    const text = await (await fetch("/feeds/topic/port-esker.xml")).text();
    const doc = new DOMParser().parseFromString(text, "application/xml");
    return { error: doc.querySelector("parsererror") !== null, items: doc.querySelectorAll("item").length };
  });
  expect(feed).toEqual({ error: false, items: await page.locator("main .card").count() });
  await appReady(page);
  await expectNoAxeViolations(page, "a topic's page");
});

test("an undescribed tag's page is named from its slug", async ({ page }) => {
  await page.goto("/topic/local-politics");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Local politics");
});

test("story -> author (byline) -> another story -> topic, inside the app, with back", async ({ page }) => {
  await page.goto(STORY);
  await appReady(page);
  await page.evaluate(() => ((window as any).__noReload = true));
  const byline = page.locator(".story-header .byline, .story .byline").first().getByRole("link", { name: "Tobiah Wren" });
  await expect(byline).toHaveAttribute("href", AUTHOR);
  const ld = await jsonLd(page);
  expect(ld.author[0].url).toMatch(/\/author\/tobiah-wren$/);

  const started = Date.now();
  await byline.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tobiah Wren");
  expect(Date.now() - started).toBeLessThan(2000);
  await expect(page).toHaveURL(AUTHOR);
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await expect(page).toHaveTitle("Tobiah Wren | The Standfirst");

  const other = page.getByRole("link", { name: "Can anyone beat the Harbour Party in Port Esker North?" }).first();
  await other.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Can anyone beat the Harbour Party in Port Esker North?");
  await page.locator(".story__body li").getByRole("link", { name: "Port Esker", exact: true }).click();
  await expect(page).toHaveURL(TOPIC);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Port Esker");

  await page.goBack();
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tobiah Wren");
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
});

test("a story lists its topics as links at the end of the body", async ({ page }) => {
  await page.goto(STORY);
  const body = page.locator(".story__body");
  await expect(body.getByRole("heading", { level: 2 }).last()).toHaveText("Topics");
  const topics = body.getByRole("list").last().getByRole("link");
  await expect(topics).toHaveText(["Port Esker", "Local politics", "The Esker Sound", "Climate adaptation"]);
  await expect(topics.first()).toHaveAttribute("href", TOPIC);
});

test("listings of more than one page link their pages; page 2 says so", async ({ page, request }) => {
  // No demo author has two pages' worth: the compiler's own tests cut
  // them (crates/compiler/tests/people.rs); here the app reads an
  // author's page n from the API and the route.
  await page.goto(AUTHOR);
  await appReady(page);
  const data = await (await request.get("/api/v1/sections/author/tobiah-wren/1.json")).json();
  expect(data).toMatchObject({ section: "author/tobiah-wren", page: 1, pages: 1 });
  await expect(page.getByRole("navigation", { name: "Pages" })).toHaveCount(0);
  // A page past the last is not found, in the app and on the server.
  const missing = await request.get("/author/tobiah-wren/page/2");
  expect(missing.status()).toBe(404);
});

test("every author and topic page is in the sitemap", async ({ request }) => {
  const sitemap = await (await request.get("/sitemap.xml")).text();
  for (const path of [AUTHOR, "/author/leontine-ashby", TOPIC, "/topic/sea-ice", "/topic/local-politics"]) {
    expect(sitemap).toContain(`${path}</loc>`);
  }
});

test("the save toggle is named exactly \"Save story\"", async ({ page }) => {
  await page.goto(STORY);
  await appReady(page);
  const save = page.getByRole("button", { name: "Save story", exact: true });
  await expect(save).toBeEnabled();
  // The name is the text alone: the CSS star is not part of it.
  const snapshot = await page.locator(".story > .save-toggle").ariaSnapshot();
  expect(snapshot).toBe('- button "Save story"');
  // And so in Chromium's own accessibility tree.
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: any[] };
  const names = nodes.filter((n) => n.role?.value === "button").map((n) => n.name?.value);
  expect(names).toContain("Save story");
  expect(names.filter((n: string) => /Save story/.test(n))).toEqual(["Save story"]);
});
