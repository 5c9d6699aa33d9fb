// Gives the live story in FILE (an authoring file) N generated entries of a
// few paragraphs each, one a minute from the story's publication, every
// tenth a key event: the long live blog the bench measures.
// Usage: node live-entries.mjs FILE N
import { readFileSync, writeFileSync } from "node:fs";

const [file, n = "300"] = process.argv.slice(2);
const a = JSON.parse(readFileSync(file, "utf8"));
const start = Date.parse(a.published);
const words = "count table bundle ballot harbour ward recount agent box seal hall officer tally margin turnout".split(" ");
const sentence = (i, k) =>
  Array.from({ length: 14 }, (_, j) => words[(i * 7 + k * 3 + j * 5) % words.length]).join(" ") + ".";
a.live.entries = Array.from({ length: Number(n) }, (_, i) => ({
  id: `entry-${i + 1}`,
  posted: new Date(start + (i + 1) * 60_000).toISOString().replace(".000Z", "Z"),
  ...(i % 10 === 9 ? { title: `Key moment ${i + 1}`, key_event: true } : {}),
  ...(i === 0 ? { pinned: true } : {}),
  body: [0, 1].map((k) => ({ type: "paragraph", content: `${sentence(i, k)} ${sentence(i + 1, k)}` })),
}));
writeFileSync(file, JSON.stringify(a, null, 2));
