// The Lighthouse floor for a prerendered page: the same HTML with every
// <script> removed (JSON-LD aside) and the wasm/JS preloads dropped, so it is
// the page as a reader with no scripts gets it. Usage: node strip-scripts.mjs FILE...
import { readFileSync, writeFileSync } from "node:fs";

for (const file of process.argv.slice(2)) {
  const html = readFileSync(file, "utf8")
    .replace(/<script\b([^>]*)>[\s\S]*?<\/script>/g, (tag, attrs) => (/application\/ld\+json/.test(attrs) ? tag : ""))
    .replace(/<link\b[^>]*rel="(modulepreload|preload)"[^>]*>/g, "");
  writeFileSync(file, html);
}
