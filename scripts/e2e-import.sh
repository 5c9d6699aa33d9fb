#!/usr/bin/env bash
# The importer end to end: a small WordPress export is imported, compiled
# over the release app in dist/ (`make build` first), prerendered and
# precompressed, then read in the browser (tests/e2e/import.config.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/e2e-import
rm -rf "$OUT" && mkdir -p "$OUT"
target/tools/standfirst-content import wordpress crates/import/tests/fixtures/wordpress/e2e-small.xml \
  --out "$OUT/content" --report "$OUT/report.json"
target/tools/standfirst-content check --content "$OUT/content"
# The app's files from the release build; the demo's pages and data go.
cp -r dist "$OUT/dist"
find "$OUT/dist" \( -name '*.html' -o -name '*.br' -o -name '*.gz' -o -name '_headers' \) -delete
rm -rf "$OUT/dist/api" "$OUT/dist/feeds" "$OUT/dist/sitemaps" "$OUT/dist/media"
target/tools/standfirst-content build --content "$OUT/content" --out "$OUT/dist"
cp target/shell.html "$OUT/dist/index.html"
target/tools/standfirst-prerender --dist "$OUT/dist"
target/tools/standfirst-server prepare --dist "$OUT/dist"
npx playwright test --config tests/e2e/import.config.ts
