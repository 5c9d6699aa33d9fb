import { test, expect, expectNoAxeViolations, appReady } from "./fixtures";
import type { Page, APIRequestContext } from "@playwright/test";

// Sign-ups go through the real reference endpoint. Its test-only controls
// (the server runs with --test-controls) switch how it answers, count what
// it received and reveal the newest confirmation token.
async function mode(request: APIRequestContext, m: string) {
  const r = await request.post("/__test/newsletter", { data: { mode: m } });
  expect(r.ok()).toBeTruthy();
}
async function counts(request: APIRequestContext): Promise<{ requests: number; rows: number }> {
  return (await request.get("/__test/newsletter/count")).json();
}

let n = 0;
const uniqueEmail = () => `reader${Date.now()}-${++n}@example.com`;

/** The clock is installed so the form's minimum fill time can pass without waiting. */
async function openNewsletters(page: Page) {
  await page.clock.install();
  await page.goto("/newsletters");
  await appReady(page);
  await expect(page.getByRole("checkbox", { name: /The Daily Briefing/ })).toBeVisible();
  await page.clock.fastForward(3_000);
}

async function fillPageForm(page: Page, email: string) {
  await page.getByRole("checkbox", { name: /The Daily Briefing/ }).check();
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("checkbox", { name: /I agree/ }).check();
}

test.beforeEach(async ({ request }) => {
  await mode(request, "normal");
});

test("sign up from /newsletters: pending until the confirm button is pressed", async ({ page, request }) => {
  const before = await counts(request);
  await openNewsletters(page);
  const email = uniqueEmail();
  await fillPageForm(page, email);
  await page.getByRole("checkbox", { name: /The Weekend Read/ }).check();
  const posted = page.waitForRequest((r) => r.url().endsWith("/api/newsletter") && r.method() === "POST");
  await page.getByRole("button", { name: "Sign up" }).click();
  const body = (await posted).postDataJSON();
  expect(body).toEqual({ email, lists: ["daily", "weekend"], consent: true, source: "/newsletters" });
  await expect(page.getByRole("status").filter({ hasText: "Check your inbox to confirm" })).toBeVisible();
  await expectNoAxeViolations(page, "sign-up pending");
  const after = await counts(request);
  expect(after.rows).toBe(before.rows + 1);

  // The link's page only shows a button (a mail scanner's GET confirms
  // nobody); pressing it confirms.
  const token = await (await request.get("/__test/newsletter/last-token")).json();
  const confirmPage = await page.context().newPage();
  await confirmPage.goto(`/api/newsletter/confirm?token=${token.token}`);
  await expect(confirmPage.getByRole("heading", { name: "Confirm your subscription" })).toBeVisible();
  await confirmPage.getByRole("button", { name: "Confirm" }).click();
  await expect(confirmPage.getByRole("heading", { name: "Subscription confirmed" })).toBeVisible();

  // Signing up again once confirmed: the same answer as for a new address
  // (nobody can learn who is subscribed); the mail says so instead.
  const page2 = await page.context().newPage();
  await openNewsletters(page2);
  await fillPageForm(page2, email);
  await page2.getByRole("button", { name: "Sign up" }).click();
  await expect(page2.getByRole("status").filter({ hasText: "Check your inbox to confirm" })).toBeVisible();
});

test("sign up inline from a story, keyboard only, with one POST for five clicks", async ({ page, request }) => {
  await page.clock.install();
  await page.goto("/climate/the-long-thaw-at-port-esker");
  await appReady(page);
  const form = page.locator(".signup--inline");
  await expect(form).toBeVisible();
  await page.clock.fastForward(3_000);
  const posts: string[] = [];
  page.on("request", (r) => { if (r.url().endsWith("/api/newsletter") && r.method() === "POST") posts.push(r.url()); });
  await form.getByLabel("Email address").focus();
  await page.keyboard.type(uniqueEmail());
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await expect(form.getByRole("checkbox", { name: /I agree/ })).toBeChecked();
  const button = form.getByRole("button", { name: "Sign up" });
  // Five clicks within one task: no chance for the page to react in between.
  await button.evaluate((b: HTMLButtonElement) => { for (let i = 0; i < 5; i++) b.click(); });
  await expect(form.getByRole("status")).toContainText("Check your inbox to confirm");
  expect(posts.length).toBe(1);
});

test("invalid input is flagged inline, announced, and nothing is sent", async ({ page, request }) => {
  const before = await counts(request);
  await openNewsletters(page);
  await page.getByLabel("Email address").fill("reader@example");
  await page.getByRole("button", { name: "Sign up" }).click();
  const email = page.getByLabel("Email address");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toBeFocused();
  await expect(page.locator(".signup__field .signup__error")).toContainText("after the @");
  await expect(page.locator(".signup__lists .signup__error")).toContainText("at least one");
  await expectNoAxeViolations(page, "sign-up field errors");
  expect((await counts(request)).requests).toBe(before.requests);
});

test("rate limited: the wait from Retry-After is shown", async ({ page, request, guard }) => {
  guard.allowConsole(/status of 429/);
  await mode(request, "rate_limited");
  await openNewsletters(page);
  await fillPageForm(page, uniqueEmail());
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("status")).toContainText(/Too many attempts, try again in \d+ s/);
  await expectNoAxeViolations(page, "sign-up rate limited");
});

test("a failing endpoint keeps what was typed and Try again succeeds", async ({ page, request, guard }) => {
  guard.allowConsole(/status of 500/);
  await mode(request, "fail");
  await openNewsletters(page);
  const email = uniqueEmail();
  await fillPageForm(page, email);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("status")).toContainText("couldn't sign you up");
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  await expect(page.getByRole("checkbox", { name: /I agree/ })).toBeChecked();
  await expectNoAxeViolations(page, "sign-up failed");
  await mode(request, "normal");
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("status")).toContainText("Check your inbox to confirm");
});

test("a slow endpoint shows sending, then times out with nothing lost", async ({ page, request }) => {
  await mode(request, "slow");
  await openNewsletters(page);
  const email = uniqueEmail();
  await fillPageForm(page, email);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("status")).toContainText("Signing you up");
  await expect(page.getByRole("button", { name: "Signing up…" })).toHaveAttribute("aria-disabled", "true");
  await expectNoAxeViolations(page, "sign-up sending");
  await page.clock.runFor(8_500);
  await expect(page.getByRole("status")).toContainText("couldn't sign you up");
  await expect(page.getByLabel("Email address")).toHaveValue(email);
});

test("a filled honeypot looks like success but sends nothing", async ({ page, request }) => {
  const before = await counts(request);
  await openNewsletters(page);
  await fillPageForm(page, uniqueEmail());
  await page.locator("input[name='website']").fill("https://spam.example", { force: true });
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("status")).toContainText("Check your inbox");
  expect((await counts(request)).requests).toBe(before.requests);
});

test("the newsletters page has no axe violations when idle", async ({ page }) => {
  await openNewsletters(page);
  await expectNoAxeViolations(page, "newsletters idle");
});

test("offline, a sign-up keeps what was typed and says to try again online", async ({ page, context, request, guard }) => {
  guard.allowConsole(/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/);
  const before = await counts(request);
  await openNewsletters(page);
  const email = uniqueEmail();
  await fillPageForm(page, email);
  await context.setOffline(true);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("status").filter({ hasText: "You're offline, so we couldn't sign you up" })).toContainText(
    "try again when you're back online",
  );
  await expect(page.getByLabel("Email address")).toHaveValue(email);
  await expect(page.getByRole("checkbox", { name: /I agree/ })).toBeChecked();
  await expectNoAxeViolations(page, "sign-up offline");
  // Never sent silently later: back online, nothing arrives until asked.
  await context.setOffline(false);
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
  expect((await counts(request)).requests).toBe(before.requests);
});
