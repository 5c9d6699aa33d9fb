#!/bin/sh
# Trunk post-build hook: compiles content/ into the staging directory, so
# `trunk build` alone yields the complete site. CONTENT overrides the folder.
set -eu
out="${TRUNK_STAGING_DIR:?run by trunk}"
cargo run --quiet --profile tools -p standfirst-content -- build --content "${CONTENT:-content}" --out "$out"
