#!/usr/bin/env bash
# `make bench`: measures the release build against docs/quality-bars.md and
# prints one markdown table. Needs `make build` first (the Makefile does it).
# Lighthouse is installed on first use into target/bench-tools (npm).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/wait-for-server.sh
PORT=${BENCH_PORT:-4180}
OUT=target/bench
mkdir -p "$OUT"
export PATH="$PWD/node_modules/.bin:$PATH"

size_row() { # what file bar
  local raw gz br
  raw=$(stat -c %s "$2"); gz=$(gzip -9 -c "$2" | wc -c); br=$(brotli -q 11 -c "$2" | wc -c)
  printf '| %s | %d | %d | %d | %s |\n' "$1" "$raw" "$gz" "$br" "$3"
}
STORY_SLUG=${BENCH_STORY:-the-long-thaw-at-port-esker}
STORY_SECTION=$(sed -n 's/.*"section":"\([a-z0-9-]*\)".*/\1/p' "dist/api/v1/articles/$STORY_SLUG.json" | head -1)

echo "## Weight (bytes)"
echo
echo "| file | raw | gzip | brotli | bar (brotli) |"
echo "|---|---|---|---|---|"
size_row "wasm" "$(ls dist/*_bg.wasm)" "<= 150 KB (moonshot 90 KB)"
size_row "JS glue" "$(ls dist/standfirst-*.js)" "JS + CSS <= 15 KB (moonshot 10 KB)"
size_row "CSS" "$(ls dist/*.css)" "(with JS)"
size_row "service worker (sw.js)" "dist/sw.js" "<= 5 KB (moonshot 3 KB)"
size_row "offline + search page script (pwa.js)" "dist/pwa.js" "(every page, after load)"
size_row "story JSON ($STORY_SLUG)" "dist/api/v1/articles/$STORY_SLUG.json" "<= 25 KB (moonshot 12 KB)"
size_row "story page, prerendered (its data fetched after load)" "dist/$STORY_SECTION/$STORY_SLUG.html" "(the only request before the text paints)"
echo
echo "## wasm breakdown"
echo
scripts/bench/wasm-breakdown.sh
echo

# Serve the built site like a CDN for the browser measurements.
target/tools/standfirst-server serve --dist dist --db "$OUT/bench.sqlite" --host 127.0.0.1 --port "$PORT" >"$OUT/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
wait_for_server "http://127.0.0.1:$PORT/api/v1/site.json" "$server" "$OUT/server.log"

if [ ! -x target/bench-tools/node_modules/.bin/lighthouse ]; then
  npm install --prefix target/bench-tools --no-audit --no-fund --loglevel=error lighthouse@12.2.3 >/dev/null
fi
# A reader's first visit as a CDN serves it: plain nginx (Debian's, with
# its brotli_static module) serving a copy of dist/ with its precompressed
# files and default ETags, none of the project's own headers, and a cold
# cache in every run. scripts/bench/nginx.conf is the whole configuration.
if ! command -v nginx >/dev/null || [ ! -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light libnginx-mod-http-brotli-static >/dev/null
fi
nginx_pids=()
static_server() { # root port name
  local prefix="$OUT/nginx-$3"
  rm -rf "$prefix" && mkdir -p "$prefix"
  sed "s#ROOT#$PWD/$1#; s#PORT#$2#; s#PREFIX#$PWD/$prefix#g" scripts/bench/nginx.conf > "$prefix/nginx.conf"
  nginx -c "$PWD/$prefix/nginx.conf" 2>"$prefix/stderr.log" &
  nginx_pids+=($!)
  wait_for_server "http://127.0.0.1:$2/api/v1/site.json" "$!" "$prefix/stderr.log"
}
STATIC_PORT=$((PORT + 3))
FLOOR_PORT=$((PORT + 1))
rm -rf "$OUT/site" && cp -r dist "$OUT/site"
# The floor: the same pages with every script removed, served the same way
# from a copy of dist/, measured in the same run, side by side.
rm -rf "$OUT/floor" && cp -r dist "$OUT/floor"
node scripts/bench/strip-scripts.mjs "$OUT/floor/index.html" "$OUT/floor/$STORY_SECTION.html" "$OUT/floor/$STORY_SECTION/$STORY_SLUG.html"
target/tools/standfirst-server prepare --dist "$OUT/floor" >/dev/null
trap 'kill $server "${nginx_pids[@]}" 2>/dev/null || true' EXIT
static_server "$OUT/site" "$STATIC_PORT" site
static_server "$OUT/floor" "$FLOOR_PORT" floor

echo "## Lighthouse mobile (simulated throttling), median of 5, cold, plain static server"
echo
echo "Front, section and story, each beside the same page with its scripts removed"
echo "(the floor), visited in turn in each of 5 rounds; TBT lists every run."
echo
echo "| page | performance | LCP | TBT (runs) | CLS | accessibility | best practices |"
echo "|---|---|---|---|---|---|---|"
lh_pages=()
for page in "/" "/$STORY_SECTION" "/$STORY_SECTION/$STORY_SLUG"; do
  lh_pages+=("$page=http://127.0.0.1:$STATIC_PORT$page" "floor $page=http://127.0.0.1:$FLOOR_PORT$page")
done
node scripts/bench/lighthouse.mjs 5 "$OUT" "${lh_pages[@]}"
echo "| bar | >= 0.95 | within 1.2x of the floor (moonshot 1.05x) | <= 100 ms (moonshot 50) | <= 0.01 | 1.0 | 1.0 |"
echo
echo "## The takeover's longest tasks (trace, 4x CPU, cold), median run of 5"
echo
node scripts/bench/takeover-tasks.mjs "http://127.0.0.1:$STATIC_PORT" 5 3 "/" "/$STORY_SECTION" "/$STORY_SECTION/$STORY_SLUG"
echo

echo "## Time to interactive, throttled (4x CPU, 150 ms RTT, 1.6 Mbit/s), median of 3"
echo
node scripts/bench/interactive.mjs "http://127.0.0.1:$PORT" 3 "/" "/$STORY_SECTION" "/$STORY_SECTION/$STORY_SLUG"
echo

echo "## Offline reading (service worker), median of 5"
echo
echo "| what | time | bar |"
echo "|---|---|---|"
node scripts/bench/offline.mjs "http://127.0.0.1:$PORT" 5
echo

echo "## Search (Pagefind, in shards)"
echo
echo "Index: every story page, one Pagefind index per period of publication (docs/publishing.md,"
echo "\"Search\"). Transferred: what the app's first query downloads (search.js, Pagefind's script and"
echo "wasm, each shard's entry, meta and index chunk it needs, the shown results' fragments)."
echo "Query: window.standfirstSearch, 20 results with their data."
echo
echo "| site | index on disk | first query: transferred | first query: time | warm query (median) | results for the first word | shards the first query loaded | bars |"
echo "|---|---|---|---|---|---|---|---|"
printf '| demo (%s stories) | %s | %s | <= 110 KB transferred, <= 100 ms warm |\n' \
  "$(ls dist/api/v1/articles | wc -l)" "$(du -sk dist/pagefind | cut -f1) KB" \
  "$(node scripts/bench/search.mjs "http://127.0.0.1:$PORT" democracy harbour millimetres ferry winter council teachers)"
echo

echo "## Live coverage: an entry published into an open tab"
echo
echo "The demo's live story published with \`make publish\` into its own folder, served by"
echo "nginx with its default ETags; each round appends an entry and publishes it."
echo
echo "| what | measured | bar |"
echo "|---|---|---|"
LIVE_SLUG=port-esker-north-count-live
rm -rf "$OUT/live" && mkdir -p "$OUT/live" && cp -r content "$OUT/live/content"
live_publish=(target/tools/standfirst-publish --content "$OUT/live/content" --dist "$OUT/live/dist" --app target/app)
"${live_publish[@]}" >/dev/null
static_server "$OUT/live/dist" $((PORT + 4)) live
node scripts/bench/live.mjs "http://127.0.0.1:$((PORT + 4))" "/politics/$LIVE_SLUG" \
  "$OUT/live/content/articles/$LIVE_SLUG.json" 5 -- "${live_publish[@]}"
# A long blog: the same story with 300 generated entries.
rm -rf "$OUT/live300" "$OUT/live300.publish" && mkdir -p "$OUT/live300" && cp -r content "$OUT/live300/content"
node scripts/bench/live-entries.mjs "$OUT/live300/content/articles/$LIVE_SLUG.json" 300
target/tools/standfirst-publish --content "$OUT/live300/content" --dist "$OUT/live300/dist" --app target/app >/dev/null
long="$OUT/live300/dist/politics/$LIVE_SLUG.html"
echo "| a 300-entry live blog: its first page's HTML | $(stat -c %s "$long") B, $(brotli -q 11 -c "$long" | wc -c) B brotli ($(ls "$OUT/live300/dist/politics/$LIVE_SLUG/page" | grep -c 'html$') older pages) | <= 60 KB brotli |"
static_server "$OUT/live300/dist" $((PORT + 5)) live300
echo
echo "The 300-entry blog in Lighthouse (as above, median of 3):"
echo
echo "| page | performance | LCP | TBT (runs) | CLS | accessibility | best practices |"
echo "|---|---|---|---|---|---|---|"
node scripts/bench/lighthouse.mjs 3 "$OUT" "live blog, 300 entries=http://127.0.0.1:$((PORT + 5))/politics/$LIVE_SLUG"
echo "| bar | | | <= 100 ms | | 1.0 | |"
echo

scripts/bench/images.sh "$OUT" "$PORT"

echo "## Story-to-story navigation (click to new headline on screen), median of 5"
echo
node scripts/bench/navigation.mjs "http://127.0.0.1:$PORT" 5
echo

echo "## Sign-up endpoint: 1,000 sign-ups from 50 concurrent clients, then a crash"
echo
echo "The server's load and crash tests, built optimised; each sign-up is a row"
echo "with exactly one mail in the outbox, delivered once to a local SMTP sink."
echo
echo '```'
LOAD_SIGNUPS=1000 LOAD_CLIENTS=50 cargo test --quiet --profile tools -p standfirst-server --test load -- --nocapture --test-threads 1 2>/dev/null \
  | grep -oE '(load|crash): .*' || echo "load test failed: run cargo test -p standfirst-server --test load"
echo '```'
echo
echo "## Sign-up endpoint on PostgreSQL: two replicas, one database"
echo
echo "The replica tests, built optimised, against a throwaway PostgreSQL cluster"
echo "(scripts/with-postgres.sh): 1,000 sign-ups from 50 clients spread over two"
echo "replicas; one replica SIGKILLed mid-load; PostgreSQL stopped for 10 s mid-load."
echo "p99 is the latency of acknowledged sign-ups (SQLite's is in the load line above)."
echo
echo '```'
REPLICA_SIGNUPS=1000 REPLICA_CLIENTS=50 REPLICA_OUTAGE_SIGNUPS=500 STANDFIRST_REQUIRE_PG=1 \
  scripts/with-postgres.sh cargo test --quiet --profile tools -p standfirst-server --test replicas -- --nocapture --test-threads 1 2>/dev/null \
  | grep -oE '(replicas|kill|outage): .*' || echo "replica tests failed: run scripts/with-postgres.sh cargo test -p standfirst-server --test replicas"
echo '```'
echo

# One figure from `/usr/bin/time -v` output in FILE: wall, user, sys or
# rss (peak resident set, KB).
time_field() {
  local key
  case $1 in
    wall) key='Elapsed (wall clock) time (h:mm:ss or m:ss)' ;;
    user) key='User time (seconds)' ;;
    sys) key='System time (seconds)' ;;
    rss) key='Maximum resident set size (kbytes)' ;;
  esac
  sed -n "s/.*$key: //p" "$2"
}

echo "## Content compiler, generated archives (growth should be linear)"
echo
echo "First build into an empty folder, then a rebuild over it (what a newsroom"
echo "runs day to day; on ext4 creating files right after deleting many is slower)."
echo
echo "| archive | build | wall time | user + system CPU | peak memory | bar |"
echo "|---|---|---|---|---|---|"
for count in 10000 40000 100000; do
  rm -rf "$OUT/archive" "$OUT/site"
  target/tools/standfirst-content bench-gen --count "$count" --out "$OUT/archive" >/dev/null
  for run in first rebuild; do
    /usr/bin/time -v target/tools/standfirst-content build --content "$OUT/archive" --out "$OUT/site" 2>"$OUT/time.txt" >/dev/null
    secs=$(time_field wall "$OUT/time.txt")
    user=$(time_field user "$OUT/time.txt")
    sys=$(time_field sys "$OUT/time.txt")
    kb=$(time_field rss "$OUT/time.txt")
    bar="-"
    [ "$count" = 100000 ] && bar="<= 30 s, <= 1 GB (moonshot 15 s)"
    echo "| $(printf "%'d" "$count") articles | $run | $secs | $user + $sys s | $((kb / 1024)) MB | $bar |"
  done
done
echo
echo "## Prerendering and precompressing generated archives"
echo
echo "| archive | pages | prerender wall time | peak memory | prepare (precompress) wall time | bar (prerender) |"
echo "|---|---|---|---|---|---|"
for count in 2500 10000 100000; do
  rm -rf "$OUT/archive" "$OUT/site"
  target/tools/standfirst-content bench-gen --count "$count" --out "$OUT/archive" >/dev/null
  target/tools/standfirst-content build --content "$OUT/archive" --out "$OUT/site" >/dev/null
  cp target/shell.html "$OUT/site/index.html"
  /usr/bin/time -v target/tools/standfirst-prerender --dist "$OUT/site" 2>"$OUT/prerender.txt" >/dev/null
  psecs=$(time_field wall "$OUT/prerender.txt")
  pkb=$(time_field rss "$OUT/prerender.txt")
  pages=$(sed -n 's/^prerender: \([0-9]*\) pages.*/\1/p' "$OUT/prerender.txt")
  /usr/bin/time -v target/tools/standfirst-server prepare --dist "$OUT/site" 2>"$OUT/prepare.txt" >/dev/null
  qsecs=$(time_field wall "$OUT/prepare.txt")
  echo "| $count articles | $pages | $psecs | $((pkb / 1024)) MB | $qsecs | <= 60 s, <= 1 GB (moonshot 20 s) |"
done

echo
echo "## Time to publish (make publish), generated archives"
echo
echo "Each archive published into an empty folder, then one new story, one headline"
echo "edit and one retraction, one publish each (stage times in the summary line;"
echo "docs/publishing.md), search included; then search over the archive as the app"
echo "runs it, right after the new story's publish. PUBLISH_COUNTS overrides the sizes."
echo
scripts/bench/publish.sh "$OUT" ${PUBLISH_COUNTS:-10000 100000}

