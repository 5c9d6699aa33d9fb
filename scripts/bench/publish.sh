#!/usr/bin/env bash
# "Time to publish": for each archive size given, a generated archive is
# published into an empty folder (the full build), then again with nothing
# changed, then one new story, one headline edit and one retraction are
# published one after another. Prints
# one markdown row per publish: wall time per stage and in total, peak
# memory (the publish and the programs it runs), files written and
# removed, bytes written. At the sizes listed in IDENTICAL (default 10000)
# the result is then compared with a full build of the same content.
# Usage: scripts/bench/publish.sh OUT COUNT...   (after `make build`)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=$1; shift
IDENTICAL=${IDENTICAL:-10000}
# A fixed clock: the generated archive's dates are fixed too.
export STANDFIRST_NOW=${STANDFIRST_NOW:-2026-12-06T00:00:00Z}
field() { sed -n "s/.*$1: //p" "$2"; }

story() { # SRC DST SLUG HEADLINE: a copy of SRC as a new story, newest of all
  python3 - "$@" <<'PY'
import json, sys
src, dst, slug, headline = sys.argv[1:]
d = json.load(open(src))
d.update(slug=slug, headline=headline, published="2026-12-05T23:59:00Z")
d.pop("updated", None); d.pop("related", None)
json.dump(d, open(dst, "w"))
PY
}
headline() { # FILE HEADLINE
  python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["headline"] = sys.argv[2]
json.dump(d, open(sys.argv[1], "w"))
PY
}

searched=""
echo "| archive | publish | total | compile | stage | prerender | remove | compress | search (wait) | search index (beside) | headers | peak memory | files written | removed | bytes written | bar |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for count in "$@"; do
  site="$OUT/site-$count"
  rm -rf "$OUT/content-$count" "$site" "$site.publish"
  target/tools/standfirst-content bench-gen --count "$count" --out "$OUT/content-$count" >/dev/null
  articles="$OUT/content-$count/articles"
  first=$(ls "$articles" | sed -n 1p)
  publish() { # WHAT BAR
    /usr/bin/time -v target/tools/standfirst-publish --content "$OUT/content-$count" --dist "$site" \
      --app target/app >"$OUT/publish.txt" 2>"$OUT/publish-time.txt"
    local line stage
    line=$(cat "$OUT/publish.txt")
    stage() { sed -n "s/.*[(, ]$1 \([0-9.]*\)[,;)].*/\1 s/p" <<<"$line"; }
    beside() { sed -n "s/.*search index \([0-9.]*\) beside.*/\1 s/p" <<<"$line"; }
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s MB | %s | %s | %s | %s |\n' \
      "$(printf "%'d" "$count")" "$1" "$(sed -n 's/.* in \([0-9.]*\) s (.*/\1 s/p' <<<"$line")" \
      "$(stage compile)" "$(stage stage)" "$(stage prerender)" "$(stage remove)" "$(stage compress)" "$(stage search)" "$(beside)" "$(stage headers)" \
      "$(( $(field 'Maximum resident set size (kbytes)' "$OUT/publish-time.txt") / 1024 ))" \
      "$(sed -n 's/.*: \([0-9]*\) files written.*/\1/p' <<<"$line")" \
      "$(sed -n 's/.* \([0-9]*\) removed.*/\1/p' <<<"$line")" \
      "$(sed -n 's/.* \([0-9]*\) bytes.*/\1/p' <<<"$line")" "$2"
  }
  publish "full build" "<= 10 min at 100,000"
  # What a timer that publishes every minute costs when nothing changed;
  # it also reads the state back into memory after the full build wrote
  # gigabytes, as the every-minute timer keeps it.
  publish "nothing changed" "(the timer's every minute)"
  story "$articles/$first" "$articles/bench-breaking-story.json" bench-breaking-story "A breaking story"
  publish "one new story" "<= 5 s (moonshot 1 s), <= 1 GB"
  port=$((${BENCH_PORT:-4180} + 7))
  target/tools/standfirst-server serve --dist "$site" --db "$OUT/publish-search.sqlite" --host 127.0.0.1 --port "$port" >"$OUT/publish-search.log" 2>&1 &
  searcher=$!
  . scripts/wait-for-server.sh
  wait_for_server "http://127.0.0.1:$port/api/v1/site.json" "$searcher" "$OUT/publish-search.log"
  searched="| $(printf "%'d" "$count") | $(FIND=breaking:bench-breaking-story node scripts/bench/search.mjs "http://127.0.0.1:$port" harbour council winter ferry market energy coast || true) |
$searched"
  kill "$searcher" 2>/dev/null || true
  headline "$articles/$first" "A corrected headline"
  publish "one headline edit" "<= 5 s, <= 1 GB"
  rm "$articles/bench-breaking-story.json"
  publish "one retraction" "<= 5 s, <= 1 GB"
  if [[ " $IDENTICAL " == *" $count "* ]]; then
    rm -rf "$OUT/full-$count" "$OUT/full-$count.publish"
    target/tools/standfirst-publish --content "$OUT/content-$count" --dist "$OUT/full-$count" --app target/app >/dev/null
    if diff -rq "$site" "$OUT/full-$count" >"$OUT/identical.txt"; then
      echo "| $(printf "%'d" "$count") | identical to a full build | yes (every file, search index included) | | | | | | | | | | | | | byte-identical |"
    else
      echo "| $(printf "%'d" "$count") | identical to a full build | **no**: $(wc -l <"$OUT/identical.txt") files differ ($OUT/identical.txt) | | | | | | | | | | | | | byte-identical |"
    fi
    rm -rf "$OUT/full-$count" "$OUT/full-$count.publish"
  fi
done
echo
echo "Search, right after the new story's publish (its headline's word \"breaking\" must find it):"
echo
echo "| archive | first query: transferred | first query: time | warm query (median) | results for the first word | shards the first query loaded | the new story |"
echo "|---|---|---|---|---|---|---|"
printf '%s' "$searched"
