#!/bin/sh
# Joins style/*.css (in name order: tokens first) into one stylesheet for trunk.
set -eu
mkdir -p target
out=target/standfirst.css
tmp=$out.tmp
: > "$tmp"
for f in style/*.css; do
  printf '/* %s */\n' "$f" >> "$tmp"
  cat "$f" >> "$tmp"
done
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
