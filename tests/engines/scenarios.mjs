// The scenarios every engine must pass. Written once, run per engine by
// smoke.test.mjs. They wait for states, never for fixed times.
import { it } from "node:test";
import assert from "node:assert/strict";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:4174";
const STORY = "/climate/the-long-thaw-at-port-esker";
const LIVE = "/politics/port-esker-north-count-live";

async function until(browser, what, fn) {
  await browser.waitUntil(fn, { timeout: 20_000, interval: 50, timeoutMsg: `waiting for ${what}` });
}

async function expectNoScriptErrors(browser) {
  // The app starts once the prerendered page has loaded: wait for it.
  await appReady(browser);
  const state = await browser.execute(() => ({
    app: document.documentElement.getAttribute("data-app"),
    errors: window.__standfirstErrors ?? [],
  }));
  assert.equal(state.app, "ready", "the app started");
  assert.deepEqual(state.errors, [], "no script errors");
}

async function appReady(browser) {
  await until(browser, "the app to take over", async () =>
    (await browser.execute(() => document.documentElement.getAttribute("data-app"))) === "ready");
}

// The text of <main> as prerendered (fetched again and parsed, never run)
// and as it is after takeover; times are left out (cards switch to
// "3 hours ago" after takeover, by design).
async function mainTexts(browser, path) {
  return browser.execute(async (url) => {
    const text = (root) => {
      const copy = root.cloneNode(true);
      copy.querySelectorAll("time").forEach((t) => t.remove());
      // Whitespace-only text nodes may differ between markup and DOM.
      return copy.textContent.replace(/\s+/g, "");
    };
    const html = await (await fetch(url)).text();
    const doc = new DOMParser().parseFromString(html, "text/html");
    return { before: text(doc.querySelector("main")), after: text(document.querySelector("main")) };
  }, path);
}

const PAGE_KINDS = ["/", "/uk", "/world", STORY, LIVE, "/newsletters", "/no/such/page/here"];

export function scenarios(session) {
  it("every page kind is taken over with no visible change and unique head tags", async () => {
    const browser = session();
    for (const path of PAGE_KINDS) {
      await browser.url(`${BASE}${path}`);
      await appReady(browser);
      const { before, after } = await mainTexts(browser, path);
      assert.ok(before.length > 20, `${path}: prerendered text`);
      assert.equal(after, before, `${path}: the text is unchanged after takeover`);
      const head = await browser.execute(() => ({
        title: document.querySelectorAll("title").length,
        description: document.querySelectorAll("meta[name='description']").length,
        canonical: document.querySelectorAll("link[rel='canonical']").length,
        ld: document.querySelectorAll("script[type='application/ld+json']").length,
        ogTitle: document.querySelectorAll("meta[property='og:title']").length,
      }));
      assert.equal(head.title, 1, `${path}: one title`);
      const notFound = path.startsWith("/no/");
      assert.equal(head.description, notFound ? 0 : 1, `${path}: one description (none on the not-found page)`);
      assert.ok(head.canonical <= 1 && head.ld <= 1 && head.ogTitle <= 1, `${path}: no duplicated head tags`);
      await expectNoScriptErrors(browser);
    }
  });

  it("the front renders its stories", async () => {
    const browser = session();
    await browser.url(`${BASE}/`);
    // Query only after takeover: the swap replaces the prerendered nodes,
    // and a handle taken before it goes stale.
    await appReady(browser);
    await until(browser, "cards", async () => (await browser.$$(".card")).length > 3);
    const h1 = await browser.$("main h1").getText();
    assert.match(h1 || (await browser.$("main h1").getHTML()), /edition/);
    await expectNoScriptErrors(browser);
  });

  it("a story renders its headline and body", async () => {
    const browser = session();
    await browser.url(`${BASE}${STORY}`);
    await appReady(browser);
    await until(browser, "the headline", async () => (await browser.$("article.story h1").isExisting()));
    assert.ok((await browser.$("article.story h1").getText()).length > 5);
    assert.ok((await browser.$$(".story__body p")).length > 5);
    await expectNoScriptErrors(browser);
  });

  it("a live story shows its key events, pinned entry and entries", async () => {
    const browser = session();
    await browser.url(`${BASE}${LIVE}`);
    await appReady(browser);
    await until(browser, "the entries", async () => (await browser.$$(".live__entries .live-entry")).length > 10);
    assert.equal((await browser.$$(".live__key a")).length, 3);
    assert.equal(await browser.$(".live-entry--pinned").getAttribute("id"), "how-to-follow");
    await expectNoScriptErrors(browser);
  });

  it("clicking a related card navigates in-app", async () => {
    const browser = session();
    await browser.url(`${BASE}${STORY}`);
    await appReady(browser);
    await until(browser, "the related rail", async () => (await browser.$$("section.rail .card__headline a")).length > 0);
    await browser.execute(() => { window.__noReload = true; });
    const link = await browser.$("section.rail .card__headline a");
    const headline = (await link.getText()).trim();
    await link.click();
    await until(browser, "the related story", async () => (await browser.$("main h1").getText()).trim() === headline);
    assert.equal(await browser.execute(() => window.__noReload === true), true, "no full reload");
    const stale = await browser.execute(() => document.querySelectorAll("head [data-page-head]").length);
    assert.equal(stale, 0, "no head tag of the previous page remains");
    await expectNoScriptErrors(browser);
  });

  it("the sign-up form validates and submits", async () => {
    const browser = session();
    const reset = await fetch(`${BASE}/__test/newsletter`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"mode":"normal"}' });
    assert.equal(reset.status, 200, "the endpoint's test controls set it to answer normally");
    await browser.url(`${BASE}/newsletters`);
    await appReady(browser);
    await until(browser, "the list choices", async () => (await browser.$$(".signup__list input")).length > 0);
    const email = await browser.$("input[type='email']");
    await email.setValue("reader@example");
    await browser.$("button.signup__submit").click();
    await until(browser, "the inline error", async () => (await email.getAttribute("aria-invalid")) === "true");
    // A fresh form for the valid sign-up: clearing a typed field is not
    // reliable under every driver (WebKitGTK's sometimes keeps the old text).
    await browser.url(`${BASE}/newsletters`);
    await appReady(browser);
    await until(browser, "the list choices", async () => (await browser.$$(".signup__list input")).length > 0);
    const address = `engine-${Date.now()}@example.com`;
    await browser.$("input[type='email']").setValue(address);
    await until(browser, "the typed address", async () => (await browser.$("input[type='email']").getValue()) === address);
    await browser.$(".signup__list input").click();
    await browser.$(".signup__consent input").click();
    // The form refuses instant (bot-like) submissions; wait until it is ready.
    await until(browser, "the minimum fill time", async () =>
      browser.execute(() => Date.now() >= Number(document.querySelector("form.signup__form").dataset.readyAt)));
    await browser.$("button.signup__submit").click();
    // Read textContent: getText() on this live region never matched under
    // WebKitGTK's driver although the message was on the page.
    await until(browser, "the confirmation", async () =>
      browser.execute(() => document.querySelector(".signup__status").textContent.includes("Check your inbox")));
    await expectNoScriptErrors(browser);
  });

  it("a story is saved and listed on /saved, then removed", async () => {
    const browser = session();
    await browser.url(`${BASE}${STORY}`);
    await appReady(browser);
    const pressed = () => browser.execute(() => document.querySelector("article.story > .save-toggle").getAttribute("aria-pressed"));
    await until(browser, "the toggle enabled", async () =>
      browser.execute(() => !document.querySelector("article.story > .save-toggle").disabled));
    if ((await pressed()) === "true") await browser.$("article.story > .save-toggle").click();
    await until(browser, "unsaved", async () => (await pressed()) === "false");
    await browser.$("article.story > .save-toggle").click();
    await until(browser, "saved", async () => (await pressed()) === "true");
    const headline = (await browser.$("article.story h1").getText()).trim();
    await browser.url(`${BASE}/saved`);
    await appReady(browser);
    await until(browser, "the saved story listed", async () =>
      browser.execute((h) => [...document.querySelectorAll(".saved-page .card__headline a")].some((a) => a.textContent.trim() === h), headline));
    await browser.$(".saved-page .save-toggle").click();
    await until(browser, "the list emptied", async () =>
      browser.execute(() => document.querySelectorAll(".saved-page .card").length === 0));
    await expectNoScriptErrors(browser);
  });

  it("search finds a story by a word from its body", async () => {
    const browser = session();
    await browser.url(`${BASE}/search?q=democracy`);
    await appReady(browser);
    await until(browser, "the result", async () =>
      browser.execute(() => [...document.querySelectorAll(".search-page .card__headline a")]
        .some((a) => a.getAttribute("href") === "/politics/lower-the-voting-age-to-sixteen")));
    const marked = await browser.execute(() => document.querySelector(".search-page .card__excerpt mark")?.textContent ?? "");
    assert.match(marked, /democracy/i);
    await expectNoScriptErrors(browser);
  });

  it("an unknown route shows the not-found view", async () => {
    const browser = session();
    await browser.url(`${BASE}/no/such/page/here`);
    await appReady(browser);
    await until(browser, "the not-found heading", async () => (await browser.$("main h1").getText()) === "Page not found");
    await expectNoScriptErrors(browser);
  });
}
