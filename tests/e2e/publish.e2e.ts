import { test, expect, appReady } from "./fixtures";
import { Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

// A withdrawn story leaves the site in one publish, the server answers it
// with 410 Gone, and a reader who saved it sees that it was withdrawn; an
// embargoed story appears at the first publish after its time.
test.use({ serviceWorkers: "allow" });

const root = resolve(__dirname, "../..");
const dir = join(root, "target/e2e-publish");
const articles = join(dir, "content/articles");
const STORY = "/climate/the-long-thaw-at-port-esker";
const RELATED = "/politics/harbour-vote-explained";
const RELATED_SLUG = "harbour-vote-explained";

function publish(now = "2030-01-01T00:00:00Z") {
  return execFileSync(
    join(root, "target/tools/standfirst-publish"),
    ["--content", join(dir, "content"), "--dist", join(dir, "dist"), "--app", join(root, "target/app"), "--no-search"],
    { env: { ...process.env, STANDFIRST_NOW: now }, encoding: "utf8" },
  );
}

/** Deletes a story's file, and its slug from every curated related list. */
function retract(slug: string) {
  rmSync(join(articles, `${slug}.json`));
  for (const name of readdirSync(articles)) {
    const file = join(articles, name);
    const story = JSON.parse(readFileSync(file, "utf8"));
    if (Array.isArray(story.related) && story.related.includes(slug)) {
      story.related = story.related.filter((s: string) => s !== slug);
      writeFileSync(file, JSON.stringify(story));
    }
  }
}

async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

const inCache = (page: Page, path: string) =>
  page.evaluate((p) => caches.match(new URL(p, location.href).href).then((r) => !!r), path);

test("a retracted story is gone from the site, answered 410, and shown withdrawn on the saved list", async ({
  page,
  request,
  guard,
}) => {
  guard.allowConsole(/Failed to load resource|status of 410/);
  await page.goto(STORY);
  await appReady(page);
  await controlled(page);
  const card = page
    .getByRole("region", { name: "Related" })
    .locator("article.card")
    .filter({ has: page.locator(`a[href="${RELATED}"]`) });
  const headline = (await card.getByRole("link").first().textContent())!.trim();
  await card.getByRole("button", { name: `Save: ${headline}` }).click();
  await expect.poll(() => inCache(page, `/api/v1/articles/${RELATED_SLUG}.json`)).toBe(true);

  retract(RELATED_SLUG);
  const summary = publish();
  expect(summary).toMatch(/^published: \d+ files written, \d+ removed/);
  for (const path of [RELATED, `/api/v1/articles/${RELATED_SLUG}.json`]) {
    expect((await request.get(path)).status(), path).toBe(410);
  }
  const front = await (await request.get("/")).text();
  expect(front).not.toContain(RELATED);
  const changed = readFileSync(join(dir, "dist.publish/changed.txt"), "utf8").split("\n");
  expect(changed).toContain(RELATED);

  // The reader follows the saved link: the worker finds it withdrawn.
  await page.goto(RELATED);
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem("standfirst:saved") || ""))
    .toContain("This story was withdrawn");
  await expect.poll(() => inCache(page, `/api/v1/articles/${RELATED_SLUG}.json`)).toBe(false);
  await expect.poll(() => inCache(page, RELATED)).toBe(false);

  await page.goto("/saved");
  await appReady(page);
  const saved = page.getByRole("region", { name: "Saved stories" });
  await expect(saved.getByText("This story was withdrawn")).toBeVisible();
  await expect(saved.getByText(headline)).toHaveCount(0);
});

test("an embargoed story appears at the first publish after its time", async ({ request }) => {
  const slug = "an-embargoed-story";
  const story = JSON.parse(readFileSync(join(articles, "the-long-thaw-at-port-esker.json"), "utf8"));
  Object.assign(story, { slug, headline: "An embargoed story", published: "2030-06-01T09:00:00Z" });
  delete story.updated;
  delete story.related;
  writeFileSync(join(articles, `${slug}.json`), JSON.stringify(story));

  const before = publish("2030-06-01T08:59:00Z");
  expect(before).toContain(`next embargo lifts at 2030-06-01T09:00:00Z (${slug}`);
  expect((await request.get(`/climate/${slug}`)).status()).toBe(404);
  expect(await (await request.get("/")).text()).not.toContain(slug);
  expect(await (await request.get("/feeds/us.xml")).text()).not.toContain(slug);

  const after = publish("2030-06-01T09:00:00Z");
  expect(after).not.toContain("embargo");
  expect((await request.get(`/climate/${slug}`)).status()).toBe(200);
  expect(await (await request.get("/")).text()).toContain("An embargoed story");
  expect(await (await request.get("/sitemap.xml")).text()).toContain(slug);
});

test("an author's and a topic's stories page through older pages, in the app and without JavaScript", async ({
  page,
  browser,
}) => {
  // Thirty more stories by one author under one new tag, older than the
  // demo's: the author's and the tag's listings grow a second page.
  const TAG = "paging-archive";
  const base = JSON.parse(readFileSync(join(articles, "port-esker-north-by-election.json"), "utf8"));
  for (let i = 1; i <= 30; i++) {
    const n = String(i).padStart(2, "0");
    const story = {
      ...base,
      slug: `paging-note-${n}`,
      headline: `Paging note ${i}`,
      published: `2025-01-${n}T08:00:00Z`,
      authors: [{ id: "tobiah-wren" }],
      tags: [TAG],
    };
    delete story.updated;
    delete story.related;
    delete story.live;
    writeFileSync(join(articles, `paging-note-${n}.json`), JSON.stringify(story));
  }
  publish();

  // The author's page, then its older page by the app's own navigation.
  await page.goto("/author/tobiah-wren");
  await appReady(page);
  const pages = page.getByRole("navigation", { name: "Pages" });
  await expect(pages.getByText("Page 1 of 2")).toBeVisible();
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await pages.getByRole("link", { name: "Older stories" }).click();
  await expect(page).toHaveURL(/\/author\/tobiah-wren\/page\/2$/);
  await expect(pages.getByText("Page 2 of 2")).toBeVisible();
  const cards = page.locator(".card-list article.card");
  await expect(cards).toHaveCount(12);
  // The oldest twelve: the last page is cut from the start of the list.
  await expect(page.getByRole("link", { name: "Paging note 1", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Paging note 12", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Paging note 13", exact: true })).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  await page.goBack();
  await expect(page).toHaveURL(/\/author\/tobiah-wren$/);
  await expect(pages.getByText("Page 1 of 2")).toBeVisible();
  await expect(page.getByRole("link", { name: "Paging note 30", exact: true })).toBeVisible();

  // The topic's older page, prerendered, read without JavaScript.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  const answer = await plain.goto(`/topic/${TAG}/page/2`);
  expect(answer?.status()).toBe(200);
  await expect(plain.locator(".card-list article.card")).toHaveCount(12);
  await expect(plain.getByText("Page 2 of 2")).toBeVisible();
  const newer = plain.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Newer stories" });
  await expect(newer).toHaveAttribute("href", `/topic/${TAG}`);
  await newer.click();
  await expect(plain).toHaveURL(new RegExp(`/topic/${TAG}$`));
  await expect(plain.locator(".card-list article.card")).toHaveCount(18);
  await context.close();
});
