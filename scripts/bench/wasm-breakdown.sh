#!/usr/bin/env bash
# The wasm's weight by function, by crate and by the project's module,
# with twiggy (installed on first use into target/bench-tools). It reads a
# copy of the release wasm that keeps its name section: the same cargo
# output trunk ships, through wasm-bindgen and `wasm-opt -Oz -g` (names
# kept), under target/, never in dist/. Sizes are of that module's code,
# so they track the shipped wasm closely but not to the byte. The wasm is
# built with v0 symbol names (.cargo/config.toml), which name generic
# arguments: that is what lets Leptos' code made for a component's view
# count for the component's module.
set -euo pipefail
cd "$(dirname "$0")/../.."
# wasm-opt is binaryen's, from npm (scripts/setup.sh), also when run alone.
export PATH="$PWD/node_modules/.bin:$PATH"
OUT=target/wasm-analysis
WASM=target/wasm32-unknown-unknown/release/standfirst.wasm
if [ ! -f "$WASM" ]; then
  echo "wasm-breakdown: no $WASM: build the release app first (make build)" >&2
  exit 1
fi
TWIGGY=target/bench-tools/bin/twiggy
[ -x "$TWIGGY" ] || cargo install --quiet --root target/bench-tools twiggy --version 0.8.0 --locked
mkdir -p "$OUT"
wasm-bindgen --target web --no-typescript --keep-debug --out-dir "$OUT" "$WASM"
wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals "$OUT/standfirst_bg.wasm" -o "$OUT/standfirst.named.wasm"

echo "### Top 15 items (twiggy top)"
echo
echo '```'
"$TWIGGY" top -n 15 "$OUT/standfirst.named.wasm"
echo '```'
echo
echo "### By crate (shallow bytes of code and data, names section excluded; top 15)"
echo
"$TWIGGY" top -n 1000000 --format csv "$OUT/standfirst.named.wasm" > "$OUT/items.csv"
node scripts/bench/wasm-crates.mjs 15 crate < "$OUT/items.csv"
echo
echo "### By the project's module (code made for it, framework code included; top 25)"
echo
node scripts/bench/wasm-crates.mjs 25 module < "$OUT/items.csv"
