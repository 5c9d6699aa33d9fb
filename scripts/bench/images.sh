#!/usr/bin/env bash
# The pictures' section of `make bench` (issue 23); runs alone too:
#   scripts/bench/images.sh OUT PORT   (a server of dist/ on PORT)
# Encode times: the demo's pictures encoded into an empty media cache
# (cold), then again with the cache (warm: nothing encoded); and the
# front's picture bytes at 390 and 1280 px (images.mjs).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-target/bench}
PORT=${2:-4180}
mkdir -p "$OUT"
echo "## Pictures (the build as image service)"
echo
echo "The demo's $(ls content/media | grep -ciE '\.(jpe?g|png|webp)$') source pictures, each made into its ladder of widths in AVIF,"
echo "WebP and JPEG (crates/compiler/src/media.rs), on this machine's $(nproc) cores."
echo
echo "| build | wall time | user + system CPU | pictures encoded |"
echo "|---|---|---|---|"
rm -rf "$OUT/img-site" "$OUT/img-cache"
for run in cold warm; do
  /usr/bin/time -f '%e %U %S' -o "$OUT/img-time.txt" \
    target/tools/standfirst-content build --content content --out "$OUT/img-site" --media-cache "$OUT/img-cache" >"$OUT/img-build.txt"
  read -r wall user sys <"$OUT/img-time.txt"
  encoded=$(sed -n 's/.*(\([0-9]*\) pictures encoded).*/\1/p' "$OUT/img-build.txt")
  echo "| $run | $wall s | $user + $sys s | $encoded |"
done
echo
# The lead story's source file: what the front served before.
lead_slug=$(node -e 'const f=require("./dist/api/v1/fronts/us.json");console.log(f.lead.slug)' 2>/dev/null || true)
lead_src=$(node -e 'const a=require("./content/articles/'"$lead_slug"'.json");const h=a.hero||{};console.log(((h.image||h.poster)||{}).src||"")' 2>/dev/null || true)
before=0
[ -n "$lead_src" ] && [ -f "content$lead_src" ] && before=$(stat -c %s "content$lead_src")
node scripts/bench/images.mjs "http://127.0.0.1:$PORT" "$before"
echo
