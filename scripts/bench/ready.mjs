// What the browser benchmarks share: a cold page in a phone-sized context
// that records, from the page's own clock, the moment the app marks itself
// ready (`<html data-app="ready">`, set when the takeover is done), as
// `window.__readyAt` and a `standfirst-ready` performance mark (which a
// trace shows). Init scripts run before <html> exists: the document is
// watched.
export async function coldPage(browser) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.documentElement?.getAttribute("data-app") === "ready") {
        window.__readyAt = performance.now();
        performance.mark("standfirst-ready");
        obs.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-app"] });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  return { context, page, cdp };
}
