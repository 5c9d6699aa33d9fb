import { test, expect, appReady } from "./fixtures";

// A story imported from a WordPress export (e2e-small.xml), read the way a
// reader meets it: the prerendered page, then the app taking over.
test("an imported WordPress story reads in the browser", async ({ page }) => {
  await page.goto("/harbour/night-ferry-returns");
  await appReady(page);
  const story = page.locator("article.story");
  await expect(story.getByRole("heading", { level: 1 })).toHaveText("Night ferry returns to the quay");
  await expect(story.locator(".story-header__standfirst")).toHaveText("After three winters, the night ferry is back.");
  await expect(story.locator(".byline")).toContainText("Marta Tide");
  const body = story.locator(".story__body");
  await expect(body.locator("p em")).toHaveText("returned");
  await expect(body.locator("p strong")).toHaveText("three winters");
  await expect(body.getByRole("link", { name: "the operator said" })).toHaveAttribute(
    "href",
    "https://ferries.example.net/timetable",
  );
  await expect(body.getByRole("heading", { level: 2, name: "A quay that waited" })).toBeVisible();
  await expect(body.getByRole("listitem")).toHaveText("Departures at nine");
  await expect(body.locator("blockquote cite")).toHaveText("Ada Brenning");
});

test("the imported section lists both stories, and a card opens the other", async ({ page }) => {
  await page.goto("/harbour");
  await appReady(page);
  await page.getByRole("link", { name: "Storm closes the old pier" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Storm closes the old pier");
  await expect(page.getByText("Engineers will inspect the pilings on Wednesday.")).toBeVisible();
});
