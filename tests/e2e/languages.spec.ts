import { test, expect, appReady, expectNoAxeViolations } from "./fixtures";
import type { Page, APIRequestContext } from "@playwright/test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

// Every page kind in the publication's language, on whichever demo the
// config serves (playwright.config.ts: the English demo; arabic.config.ts:
// examples/arabic). The pages are found from the site's own API, not named
// here, so the same tests hold for both.

type Kinds = Record<string, string>;

/** One path of each page kind, read from the built site. */
async function pageKinds(request: APIRequestContext): Promise<Kinds> {
  const site = await (await request.get("/api/v1/site.json")).json();
  const front = await (await request.get(`/api/v1/fronts/${site.default_edition}.json`)).json();
  const storyUrl: string = front.lead.url;
  const slug = storyUrl.split("/").pop();
  const story = await (await request.get(`/api/v1/articles/${slug}.json`)).json();
  const kinds: Kinds = {
    front: "/",
    section: `/${site.sections[0].id}`,
    story: storyUrl,
    newsletters: "/newsletters",
    saved: "/saved",
    search: "/search",
    "not found": "/no-such-page-here",
  };
  const author = story.authors.find((a: { url?: string }) => a.url?.startsWith("/author/"));
  if (author) kinds.author = author.url;
  if (story.tags?.length) kinds.topic = `/topic/${story.tags[0]}`;
  return kinds;
}

/** The page's text as the reader gets it, whitespace collapsed. The
 *  search page's results region is the app's alone (search needs script):
 *  it is left out. */
function appText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const app = document.getElementById("app")?.cloneNode(true) as HTMLElement | undefined;
    app?.querySelectorAll(".search-page__results").forEach((r) => r.remove());
    return (app?.textContent ?? "").replace(/\s+/g, " ").trim();
  });
}

test("every page kind reads the same before and after the app takes it over", async ({ browser, request, guard }) => {
  guard.allowConsole(/status of 404/);
  const kinds = await pageKinds(request);
  const still = await browser.newContext({ javaScriptEnabled: false });
  const live = await browser.newContext();
  try {
    for (const [kind, path] of Object.entries(kinds)) {
      const before = await still.newPage();
      await before.goto(path);
      const prerendered = await appText(before);
      await before.close();
      expect(prerendered.length, `${kind} (${path}) is prerendered`).toBeGreaterThan(20);
      const after = await live.newPage();
      await after.goto(path);
      await appReady(after);
      // The later parts (rails, section blocks) render in tasks after the
      // takeover: the text must come to equal the prerendered text.
      await expect.poll(() => appText(after), { message: `${kind} (${path})` }).toBe(prerendered);
      await after.close();
    }
  } finally {
    await still.close();
    await live.close();
  }
});

test("<html> carries the site's language and direction on every page kind, and each passes axe", async ({ page, request, guard }) => {
  // The not-found page answers 404, as it should.
  guard.allowConsole(/status of 404/);
  const site = await (await request.get("/api/v1/site.json")).json();
  const lang = site.locale || "en";
  const dir = site.ui.dir;
  expect(["ltr", "rtl"]).toContain(dir);
  for (const [kind, path] of Object.entries(await pageKinds(request))) {
    await page.goto(path);
    await appReady(page);
    await expect(page.locator("html"), kind).toHaveAttribute("lang", lang);
    await expect(page.locator("html"), kind).toHaveAttribute("dir", dir);
    await expectNoAxeViolations(page, `${kind} (${path})`);
  }
});

/** The fixed words of the English table: each value's text between its
 *  placeholders, where it has letters enough to be a phrase of its own. */
function englishPhrases(): string[] {
  const table = JSON.parse(readFileSync(join(__dirname, "../../strings/en.json"), "utf8"));
  const values: string[] = [];
  for (const v of Object.values(table.strings) as (string | Record<string, string>)[]) {
    values.push(...(typeof v === "string" ? [v] : Object.values(v)));
  }
  return [
    ...new Set(
      values
        .flatMap((v) => v.split(/\{[a-z_]+\}/))
        .map((s) => s.replace(/[\s,.:;“”…·|()]+$/u, "").replace(/^[\s,.:;“”…·|()]+/u, ""))
        // The software's name is not English; it may stand in any table.
        .filter((s) => /[A-Za-z]{2}/.test(s) && s !== "Standfirst"),
    ),
  ];
}

test("a publication in another language shows no English interface string", async ({ page, request, guard }) => {
  guard.allowConsole(/status of 404/);
  const site = await (await request.get("/api/v1/site.json")).json();
  test.skip(!site.locale || site.locale.startsWith("en"), "the English demo speaks English");
  const phrases = englishPhrases();
  expect(phrases.length).toBeGreaterThan(100);
  for (const [kind, path] of Object.entries(await pageKinds(request))) {
    await page.goto(path);
    await appReady(page);
    // What a reader or a screen reader meets: text, accessible names,
    // placeholders and titles, and the document's title.
    const shown = await page.evaluate(() => {
      const parts = [document.title, document.body.innerText];
      for (const el of document.querySelectorAll("[aria-label], [placeholder], [title]")) {
        for (const a of ["aria-label", "placeholder", "title"]) parts.push(el.getAttribute(a) ?? "");
      }
      return parts.join("\n");
    });
    const found = phrases.filter((p) => new RegExp(`(^|[^A-Za-z])${p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^A-Za-z])`).test(shown));
    expect(found, `${kind} (${path}) shows English: ${found.join(" | ")}`).toEqual([]);
  }
});
