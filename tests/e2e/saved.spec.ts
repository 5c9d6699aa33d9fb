import { test, expect, appReady, expectNoAxeViolations } from "./fixtures";

const STORY = "/climate/the-long-thaw-at-port-esker";
const HEADLINE = "The long thaw at Port Esker";

test("save a story, find it on /saved in another tab, remove it there", async ({ page, context, request }) => {
  // Prerendered disabled: nothing to press before the app can keep it.
  const html = await (await request.get(STORY)).text();
  expect(html).toMatch(/<button[^>]*class="save-toggle"[^>]*aria-pressed="false"[^>]*disabled|<button[^>]*disabled[^>]*class="save-toggle"/);

  await page.goto(STORY);
  await appReady(page);
  const save = page.getByRole("button", { name: "Save story" });
  await expect(save).toBeEnabled();
  await expect(save).toHaveAttribute("aria-pressed", "false");
  await save.focus();
  await page.keyboard.press("Enter");
  await expect(save).toHaveAttribute("aria-pressed", "true");
  await expectNoAxeViolations(page, "a saved story");

  const other = await context.newPage();
  await other.goto("/saved");
  await appReady(other);
  await expect(other.getByRole("heading", { level: 1 })).toHaveText("Saved stories");
  const list = other.getByRole("region", { name: "Your saved stories" });
  await expect(list.getByRole("link", { name: HEADLINE })).toBeVisible();
  await expectNoAxeViolations(other, "/saved");

  // A save in the first tab shows in the second at once (storage event).
  const card = page.locator("article.card").first();
  const cardHeadline = (await card.locator(".card__headline a").textContent())!.trim();
  await card.getByRole("button", { name: `Save: ${cardHeadline}` }).click();
  await expect(list.getByRole("link", { name: cardHeadline })).toBeVisible();
  // Newest first.
  await expect(list.locator(".card__headline a").first()).toHaveText(cardHeadline);

  // Removing on /saved updates the story's toggle in the first tab.
  await list.getByRole("button", { name: `Save: ${HEADLINE}` }).click();
  await expect(list.getByRole("link", { name: HEADLINE })).toHaveCount(0);
  await expect(save).toHaveAttribute("aria-pressed", "false");

  // It survives a reload.
  await other.reload();
  await appReady(other);
  await expect(other.getByRole("region", { name: "Your saved stories" }).getByRole("link", { name: cardHeadline })).toBeVisible();
});

test("an empty /saved says how to save", async ({ page }) => {
  await page.goto("/saved");
  await appReady(page);
  await expect(page.getByText("You haven't saved any stories yet.")).toBeVisible();
});
