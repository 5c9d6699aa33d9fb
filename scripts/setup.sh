#!/usr/bin/env bash
# Installs everything Standfirst needs to build, serve and test, on a bare
# Debian machine with rustup, cargo and Node.js. Idempotent: each step checks
# first, so a second run takes seconds. Nothing is downloaded from outside
# the package registries (crates.io, npm, Debian).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

# 1. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. trunk, pinned (0.22 needs a newer rustc than these machines have).
if ! have trunk || [ "$(trunk --version | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (about 6 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 3. wasm-bindgen CLI, exactly the lockfile's version (no --locked: its own
#    lockfile names a crate version the registry does not serve).
if ! have wasm-bindgen || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force
fi

# 4. From Debian: Chromium and its driver (browser tests, Playwright),
#    brotli (budgets, bench), curl, Firefox ESR, WebKitGTK's driver, Xvfb,
#    PostgreSQL (the sign-up endpoint's replica tests); nasm, for the AVIF
#    encoder's assembly (rav1e, built by the compiler).
missing=()
have nasm || missing+=(nasm)
have chromium || missing+=(chromium)
have chromedriver || missing+=(chromium-driver)
have brotli || missing+=(brotli)
have curl || missing+=(curl)
# Gecko and WebKit for the cross-engine tests (Xvfb: WebKitGTK needs a display).
have firefox-esr || missing+=(firefox-esr)
have WebKitWebDriver || missing+=(webkit2gtk-driver)
have xvfb-run || missing+=(xvfb xauth)
# PostgreSQL's server binaries (initdb, pg_ctl): make test runs the
# endpoint's replica tests against a throwaway cluster (scripts/with-postgres.sh).
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 5. geckodriver (Firefox over WebDriver), from crates.io.
# (Checked by path: npm's webdriverio brings a `geckodriver` shim that downloads.)
gecko="${CARGO_HOME:-$HOME/.cargo}/bin/geckodriver"
if [ ! -x "$gecko" ] || [ "$("$gecko" --version | awk 'NR==1 {print $2}')" != "0.37.1" ]; then
  log "installing geckodriver 0.37.1 (about 2 minutes)"
  cargo install geckodriver --version 0.37.1
fi

# 6. npm tools: Playwright + axe (end-to-end), binaryen's wasm-opt (trunk),
#    WebdriverIO (cross-engine smoke). Playwright uses the system Chromium:
#    never `playwright install`.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi

# 7. The local mail catcher for `make serve` (MailDev 2.2.1: 3.x wants Node 22).
if [ ! -f scripts/maildev/node_modules/.package-lock.json ] || [ scripts/maildev/package-lock.json -nt scripts/maildev/node_modules/.package-lock.json ]; then
  log "installing the mail catcher (MailDev)"
  npm ci --prefix scripts/maildev --no-audit --no-fund --loglevel=error
fi

log "toolchain ready (trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, $(node_modules/.bin/wasm-opt --version 2>/dev/null | head -1))"
