#!/bin/sh
# Joins style/*.css (in name order: tokens first) into one stylesheet for
# trunk, without its comments: they are for whoever edits style/, and they
# were a fifth of the render-blocking stylesheet's bytes (1.06 KB of
# 5.44 KB brotli). No string in style/ holds a comment opener, so a plain
# match is exact; the test in scripts/budgets.sh holds that none slipped by.
set -eu
mkdir -p target
out=target/standfirst.css
tmp=$out.tmp
cat style/*.css > "$tmp"
node -e 'const fs = require("fs"); const f = process.argv[1];
  fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\n\s*\n/g, "\n"));' "$tmp"
mv "$tmp" "$out"

# The Arabic-script font (style/00-tokens.css): the arabic subset of Noto
# Naskh Arabic (SIL OFL 1.1), regular and bold, from the npm package
# @fontsource/noto-naskh-arabic, copied here for trunk (index.html's
# copy-dir puts it in the app build's fonts/) with its licence beside it.
# Never committed: the package is the source.
src=node_modules/@fontsource/noto-naskh-arabic
[ -d "$src" ] || { echo "bundle-css: $src is missing: run scripts/setup.sh (npm ci)" >&2; exit 1; }
rm -rf target/fonts
mkdir -p target/fonts
for w in 400 700; do
  cp "$src/files/noto-naskh-arabic-arabic-$w-normal.woff2" "target/fonts/naskh-$w.woff2"
done
cp "$src/LICENSE" target/fonts/OFL.txt
