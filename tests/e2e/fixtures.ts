import { test as base, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

// Every test fails on a console error, an uncaught page error or a CSP
// violation, unless it names the errors it expects (allowConsole).
type Guard = { allowConsole: (pattern: RegExp) => void };

export const test = base.extend<{ guard: Guard }>({
  guard: [
    async ({ page }, use) => {
      const allowed: RegExp[] = [];
      const problems: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() === "error" && !allowed.some((re) => re.test(msg.text()))) {
          problems.push(`console error: ${msg.text()}`);
        }
      });
      page.on("pageerror", (err) => {
        if (!allowed.some((re) => re.test(err.message))) problems.push(`page error: ${err.message}`);
      });
      await page.addInitScript(() => {
        (window as any).__csp = [];
        document.addEventListener("securitypolicyviolation", (e) => {
          (window as any).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      await use({ allowConsole: (re) => allowed.push(re) });
      // A page its test closed has nothing left to report; an open one
      // must answer (a failure here is the test's failure, not skipped).
      const csp: string[] = page.isClosed() ? [] : await page.evaluate(() => (window as any).__csp ?? []);
      for (const v of csp) problems.push(`CSP violation: ${v}`);
      expect(problems, problems.join("\n")).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Runs axe with the WCAG 2.0/2.1 A and AA rules and expects no violations. */
export async function expectNoAxeViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(summary, `axe on ${label}:\n${summary.join("\n")}`).toEqual([]);
}

/** Waits for the app to have started (the fallback notice is hidden). */
export async function appReady(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-app", "ready");
}
