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
