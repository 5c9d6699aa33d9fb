import { test, expect, appReady, expectNoAxeViolations } from "./fixtures";
import type { Page } from "@playwright/test";

// The compact masthead (issue 25): at 390 x 844 it is 120 px tall or less,
// section links included; search opens in place from a button (a popover:
// the browser keeps the button's expanded state, focuses the field, closes
// on Escape and returns focus), with or without JavaScript; edition and
// theme are in the footer.

const PHONE = { width: 390, height: 844 };
const PAGES = ["/", "/world", "/politics/harbour-vote-explained", "/author/tobiah-wren", "/topic/port-esker"];

/** The button's expanded state in Chromium's own accessibility tree. */
async function expanded(page: Page, name: string): Promise<boolean | undefined> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: any[] };
  await cdp.detach();
  const node = nodes.find((n) => !n.ignored && n.role?.value === "button" && n.name?.value === name);
  expect(node, `a button named ${name}`).toBeTruthy();
  const state = (node.properties ?? []).find((p: any) => p.name === "expanded");
  return state?.value?.value;
}

test.describe("on a phone", () => {
  test.use({ viewport: PHONE });

  for (const path of PAGES) {
    test(`the masthead of ${path} is at most 120 px tall, and nothing overflows`, async ({ page }) => {
      await page.goto(path);
      await appReady(page);
      const box = await page.locator("header.masthead").boundingBox();
      expect(box!.height).toBeLessThanOrEqual(120);
      await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link").first()).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }

  test("search opens from its button by keyboard, focus in the field; Escape closes it and returns focus", async ({ page }) => {
    await page.goto("/");
    await appReady(page);
    const open = page.getByRole("button", { name: "Search", exact: true });
    const box = page.getByRole("search", { name: "Site" }).getByRole("searchbox", { name: "Search stories" });
    await expect(box).toBeHidden();
    expect(await expanded(page, "Search")).toBe(false);
    await open.focus();
    await page.keyboard.press("Enter");
    await expect(box).toBeVisible();
    await expect(box).toBeFocused();
    expect(await expanded(page, "Search")).toBe(true);
    const form = await page.locator("#masthead-search").boundingBox();
    expect(form!.x).toBeGreaterThanOrEqual(0);
    expect(form!.x + form!.width).toBeLessThanOrEqual(PHONE.width);
    await expectNoAxeViolations(page, "the front with search open");

    await page.keyboard.press("Escape");
    await expect(box).toBeHidden();
    await expect(open).toBeFocused();
    expect(await expanded(page, "Search")).toBe(false);

    await page.keyboard.press("Space");
    await expect(box).toBeFocused();
    await page.keyboard.type("harbour");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=harbour$/);
  });

  test("edition and theme are in the footer", async ({ page }) => {
    await page.goto("/");
    await appReady(page);
    const footer = page.getByRole("contentinfo");
    await expect(footer.getByLabel("Edition")).toBeVisible();
    await expect(footer.getByRole("button", { name: /^Theme: / })).toBeVisible();
    await expect(page.locator("header.masthead").getByLabel("Edition")).toHaveCount(0);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: PHONE });

  test("the search button still opens the search, which submits to /search", async ({ page }) => {
    await page.goto("/author/tobiah-wren");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const box = page.getByRole("search", { name: "Site" }).getByRole("searchbox");
    await expect(box).toBeFocused();
    await box.fill("ferry");
    await box.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=ferry$/);
    await expect(page.getByRole("heading", { level: 1, name: "Search" })).toBeVisible();
  });

  test("the settings are reachable in the footer", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("contentinfo").getByLabel("Edition")).toBeVisible();
  });
});
