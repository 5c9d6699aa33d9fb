// Stories the service worker found withdrawn (the site answers 404 or 410
// for them): loaded by pwa.js only then. On the reader's saved list each
// becomes a card that says it was withdrawn (its headline and summary are
// gone from the device); it leaves the recently read list. The lists'
// format is src/saved.rs's: one story a line, tab-separated fields (slug,
// url, section, kicker, headline, summary, published, editions, authors).
export default function (slugs) {
  const edit = (key, line) => {
    const old = localStorage.getItem(key) || "";
    const text = old
      .split("\n")
      .map((l) => (slugs.includes(l.split("\t")[0]) ? line(l.split("\t")) : l))
      .filter((l) => l !== null)
      .join("\n");
    if (text !== old) localStorage.setItem(key, text);
    return text !== old;
  };
  try {
    const saved = edit("standfirst:saved", (f) =>
      [f[0], f[1], f[2], "Withdrawn", "This story was withdrawn",
        "The publisher has withdrawn this story. It is no longer available.",
        f[6], f[7], ""].join("\t"));
    const recent = edit("standfirst:recent", () => null);
    // The app reloads its lists on a storage event; this tab gets none of its own.
    if (saved || recent) dispatchEvent(new StorageEvent("storage"));
  } catch (error) {
    // Storage blocked: nothing was kept.
  }
}
