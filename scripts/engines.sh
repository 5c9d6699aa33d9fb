#!/usr/bin/env bash
# Runs the cross-engine smoke (tests/engines) against the release build in
# dist/, served by standfirst-server, in Chromium, Firefox ESR and WebKitGTK.
# WebKitGTK needs a display, so the run is wrapped in xvfb-run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/wait-for-server.sh
PORT=${ENGINES_PORT:-4174}
dir=target/engines
rm -rf "$dir" && mkdir -p "$dir"
target/tools/standfirst-server serve --dist dist --db "$dir/newsletter.sqlite" --host 127.0.0.1 --port "$PORT" --test-controls >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
wait_for_server "http://127.0.0.1:$PORT/api/v1/site.json" "$server" "$dir/server.log"
GECKODRIVER="${CARGO_HOME:-$HOME/.cargo}/bin/geckodriver" BASE_URL="http://127.0.0.1:$PORT" xvfb-run -a node --test --test-concurrency=1 tests/engines/smoke.test.mjs
