import { test, expect, appReady, expectNoAxeViolations } from "./fixtures";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const STORY = "/climate/the-long-thaw-at-port-esker";
// The story's source, so that counts come from the content, not the page.
type Block = { type: string; ordered?: boolean; text?: string };
const source: { body: Block[]; tags?: string[] } = JSON.parse(
  readFileSync(join(__dirname, "..", "..", "content", "articles", "the-long-thaw-at-port-esker.json"), "utf8"),
);
const blocks = (type: string, ordered?: boolean) =>
  source.body.filter((b) => b.type === type && (ordered === undefined || !!b.ordered === ordered));

test.beforeEach(async ({ page }) => {
  // Embedded players are fixtures too: nothing leaves this machine.
  await page.route(/youtube-nocookie\.com|player\.vimeo\.com/, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>player</title><p>player</p>" }),
  );
});

test("the demo story renders its header and every block type", async ({ page }) => {
  await page.goto(STORY);
  await appReady(page);
  const story = page.locator("article.story");
  await expect(story.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  await expect(story.locator(".story-header__kicker")).toHaveText("In Depth");
  await expect(story.locator(".story-header__standfirst")).not.toBeEmpty();
  await expect(story.locator(".byline")).toContainText("By ");
  await expect(story.locator(".story-header__edition")).toContainText("Standfirst");
  await expect(story.locator("time").first()).toHaveAttribute("datetime", /^2026-/);
  await expect(story.locator(".story-header__reading")).toContainText("min read");
  const body = story.locator(".story__body");
  await expect(body.locator("p strong").first()).toBeVisible();
  await expect(body.locator("p em").first()).toBeVisible();
  await expect(body.locator("p a[href^='https://']").first()).toHaveAttribute("rel", /noopener/);
  await expect(body.locator("h2").first()).toBeVisible();
  await expect(body.locator("blockquote.block-quote cite").first()).toBeVisible();
  // One rendered block per block of each kind in the story's content.
  const pullquotes = blocks("pullquote");
  expect(pullquotes.length, "the fixture story has a pullquote").toBeGreaterThan(0);
  await expect(body.locator("figure.pullquote")).toHaveCount(pullquotes.length);
  await expect(body.locator("figure.pullquote").first()).toContainText(pullquotes[0].text!);
  expect(blocks("list", true).length * blocks("list", false).length, "the fixture story has both list kinds").toBeGreaterThan(0);
  await expect(body.locator("ol.block-list")).toHaveCount(blocks("list", true).length);
  // The build ends the body with the story's topics, a list of links.
  const topicLists = (source.tags ?? []).length > 0 ? 1 : 0;
  await expect(body.locator("ul.block-list")).toHaveCount(blocks("list", false).length + topicLists);
  const img = body.locator("figure.figure img").first();
  await expect(img).toHaveAttribute("width", /\d+/);
  await expect(img).toHaveAttribute("height", /\d+/);
  await expect(body.locator("figure.figure figcaption").first()).toBeVisible();
  await expect(body.locator("video[controls]")).toHaveCount(1);
  await expect(body.locator("video")).not.toHaveAttribute("autoplay", /.*/);
  await expect(body.locator(".signup--inline")).toBeVisible();
  await expect(body.locator(".subscribe-promo")).toBeVisible();
  await expect(body.locator("hr.divider").first()).toBeAttached();
  await expect(story.getByRole("heading", { name: "Sources" })).toBeVisible();
  await expect(story.locator(".story__sources a").first()).toHaveAttribute("href", /^https:/);
  await expect(page.getByRole("region", { name: "Related" })).toBeVisible();
});

test("head tags and JSON-LD describe the story", async ({ page }) => {
  await page.goto(STORY);
  await appReady(page);
  const h1 = page.getByRole("heading", { level: 1 });
  await expect(h1).toBeVisible();
  const headline = (await h1.textContent())!.trim();
  const canonical = `https://news.example.org${STORY}`;
  await expect(page.locator("link[rel='canonical']")).toHaveAttribute("href", canonical);
  await expect(page.locator("meta[name='description']")).toHaveAttribute("content", /\w/);
  await expect(page.locator("meta[property='og:title']")).toHaveAttribute("content", headline);
  await expect(page.locator("meta[property='og:url']")).toHaveAttribute("content", canonical);
  await expect(page.locator("meta[property='og:type']")).toHaveAttribute("content", "article");
  await expect(page.locator("meta[name='twitter:card']")).toHaveAttribute("content", /summary/);
  const ld = JSON.parse((await page.locator("script[type='application/ld+json']").textContent())!);
  expect(ld["@type"]).toBe("NewsArticle");
  expect(ld.headline).toBe(headline);
  expect(ld.datePublished).toMatch(/^2026-/);
  expect(ld.dateModified).toMatch(/^2026-/);
  expect(ld.author.length).toBeGreaterThan(0);
  expect(ld.publisher.name).toBe("The Standfirst");
  expect(ld.mainEntityOfPage["@id"]).toBe(canonical);
});

test("the video facade loads the player only after a click", async ({ page }) => {
  const embeds: string[] = [];
  page.on("request", (r) => { if (/youtube-nocookie|vimeo/.test(r.url())) embeds.push(r.url()); });
  await page.goto(STORY);
  await appReady(page);
  const play = page.getByRole("button", { name: /^Play video:/ }).first();
  await expect(play).toBeVisible();
  await expect(page.locator("iframe")).toHaveCount(0);
  expect(embeds).toEqual([]);
  await play.click();
  const frame = page.locator("iframe").first();
  await expect(frame).toHaveAttribute("title", /\w/);
  // The facade that was clicked hides (a role query would now find the
  // next video's facade, so this one is found by its place).
  await expect(page.locator(".video__facade").first()).toBeHidden();
  await expect(frame).toHaveAttribute("src", /^https:\/\/(www\.youtube-nocookie\.com|player\.vimeo\.com)\//);
  await expect.poll(() => embeds.length).toBeGreaterThan(0);
});

test("share falls back to copying the link, announced", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(STORY);
  await appReady(page);
  await page.evaluate(() => { delete (Navigator.prototype as any).share; });
  await page.getByRole("button", { name: "Share" }).click();
  await expect(page.locator(".share-bar__status")).toHaveText("Link copied to the clipboard.");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(new RegExp(`${STORY}$`));
  await expect(page.getByRole("link", { name: "Email" })).toHaveAttribute("href", /^mailto:\?subject=/);
});

test("the story page has no axe violations", async ({ page }) => {
  await page.goto(STORY);
  await appReady(page);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoAxeViolations(page, "story");
});

const hostile = readFileSync(join(__dirname, "fixtures", "hostile-story.json"), "utf8");

test("hostile content: no script URL becomes a link, unknown blocks are skipped", async ({ page, guard }) => {
  // The fixture story is not part of the build: the host answers 404.html
  // (status 404) and the app renders the story from the API.
  guard.allowConsole(/404/);
  await page.route("**/api/v1/articles/hostile-story.json", (r) =>
    r.fulfill({ status: 200, contentType: "application/json", body: hostile }),
  );
  await page.goto("/world/hostile-story");
  await appReady(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("A hostile story, rendered safely");
  await expect(page.getByText("The last paragraph.")).toBeVisible();
  await expect(page.getByText("Script link")).toBeVisible();
  for (const sel of ["a[href]", "img[src]", "blockquote[cite]", "source[src]"]) {
    const urls = await page.locator(sel).evaluateAll((els) =>
      els.map((e) => e.getAttribute("href") ?? e.getAttribute("src") ?? e.getAttribute("cite") ?? ""),
    );
    for (const u of urls) expect(u, `${sel} ${u}`).not.toMatch(/^\s*(javascript|data|vbscript)|java\s*script/i);
  }
  await expect(page.locator("img[alt='bad hero']")).toHaveCount(0);
  await expect(page.getByText("<img src=x onerror=alert(1)>", { exact: false })).toBeVisible();
  await expect(page.locator("article.story")).not.toContainText("hologram");
});

const broken: [string, { status: number; contentType: string; body: string }][] = [
  ["truncated JSON", { status: 200, contentType: "application/json", body: hostile.slice(0, 300) }],
  ["an HTML error page served as JSON", { status: 200, contentType: "application/json", body: "<!doctype html><h1>502 Bad Gateway</h1>" }],
  ["wrong types", { status: 200, contentType: "application/json", body: JSON.stringify({ slug: 7, headline: ["x"] }) }],
  ["a 5 MB body", { status: 200, contentType: "application/json", body: `{"pad":"${"x".repeat(5 * 1024 * 1024)}"}` }],
  ["a server error", { status: 500, contentType: "text/plain", body: "boom" }],
];

for (const [what, response] of broken) {
  test(`${what} gives an announced error view with a working retry`, async ({ page, guard }) => {
    guard.allowConsole(/status of (500|404)/);
    let served = 0;
    await page.route("**/api/v1/articles/hostile-story.json", (r) => {
      served += 1;
      return served === 1 ? r.fulfill(response) : r.fulfill({ status: 200, contentType: "application/json", body: hostile });
    });
    await page.goto("/world/hostile-story");
    await appReady(page);
    const alert = page.getByRole("alert").filter({ hasText: "Sorry, something went wrong" });
    await expect(alert).toBeVisible();
    await page.getByRole("button", { name: "Try again" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("A hostile story, rendered safely");
  });
}
