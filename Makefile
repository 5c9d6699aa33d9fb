# Standfirst: `make serve` runs the demo site, `make test` runs every test.
# Each target first ensures the toolchain (scripts/setup.sh, idempotent).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
PORT ?= 8080
PUBLIC_URL ?= /
HOST ?= 127.0.0.1
DB ?= data/newsletter.sqlite
SERVER := target/tools/standfirst-server
PRERENDER := target/tools/standfirst-prerender
PUBLISH := target/tools/standfirst-publish
# The app build (trunk's output): the shell and the app's files.
APP := target/app
TRUNK := trunk --config Trunk.toml
# Every build here (trunk's content hook, the publish, the tests' builds of
# the demo) keeps its encoded pictures in one folder, so a checkout encodes
# each picture once (crates/compiler/src/media.rs).
export STANDFIRST_MEDIA_CACHE ?= $(CURDIR)/target/media-cache

.PHONY: setup tools build publish dist-ready dist-check serve dev test check test-native test-wasm test-e2e test-import test-engines lint lint-wasm budgets bench clean

# Prerequisites are made one after another, in the order written: `test`
# builds once, then runs what needs the build.
.NOTPARALLEL:

setup:
	@scripts/setup.sh

# The release site into dist/: trunk builds the app (wasm-opt z) into
# target/app/, then `make publish` makes the site from content/ with it.
# PUBLIC_URL=/project/ builds for hosting under a sub-path.
# `make build` always builds; a target that needs dist/ depends on
# dist-ready instead, which builds only when the stamp is missing or older
# than one of the build's inputs, or dist/ is gone. The stamp is written
# last and holds PUBLIC_URL, so a build that failed half-way, or one for
# another sub-path, is not taken for a fresh one.
DIST_STAMP := target/dist.stamp
BUILD_INPUTS := $(shell find src content style assets strings crates/*/src -type f) \
  $(wildcard crates/*/Cargo.toml) index.html Trunk.toml Cargo.toml Cargo.lock \
  .cargo/config.toml package-lock.json scripts/bundle-css.sh scripts/compile-content.sh
define build-dist
	rm -f $(DIST_STAMP)
	$(TRUNK) build --release --offline --public-url $(PUBLIC_URL) --dist $(APP)
	cp $(APP)/index.html target/shell.html
	$(PUBLISH) --content $(CONTENT) --dist $(DIST) --app $(APP)
	if [ '$(CONTENT)' = content ] && [ '$(DIST)' = dist ]; then printf '%s' '$(PUBLIC_URL)' > $(DIST_STAMP); fi
endef

# `make publish` brings DIST up to date with CONTENT, redoing only what
# the change needs: the content compiled (into DIST.publish/stage), the
# pages whose data changed prerendered with the app's components, the
# search index (Pagefind) made again when a page changed, and the files
# written precompressed (.br, .gz). A first run into an empty DIST is a
# full build, with the app's files from the last app build (target/app,
# made by `make build`, or here when there is none). It prints a one-line
# summary; DIST.publish/changed.txt lists the URLs it changed or removed,
# DIST.publish/gone.txt every story URL removed (docs/publishing.md).
# STANDFIRST_NOW (RFC 3339) sets the clock that embargoes are held to.
CONTENT ?= content
# Another publication's content builds into dist-<its folder's name>
# (`make build CONTENT=examples/arabic` makes dist-arabic/), so the demo's
# dist/ stays as it is.
DIST ?= $(if $(filter content content/,$(CONTENT)),dist,dist-$(notdir $(patsubst %/,%,$(CONTENT))))
# The programs' stamp: touched by every `make tools`.
TOOLS_STAMP := target/tools.stamp
TOOLS_INPUTS := $(shell find crates -name '*.rs' -o -name Cargo.toml) Cargo.toml Cargo.lock
# A publish runs every minute on a newsroom's timer: when the programs
# are up to date (their stamp is newer than every source of theirs, and
# the npm tools are installed), it starts the publish at once, without
# the second or so that the toolchain check and cargo's own check take.
publish: $(TOOLS_STAMP) node_modules/.package-lock.json $(APP)/index.html
	$(PUBLISH) --content $(CONTENT) --dist $(DIST) --app $(APP)

$(APP)/index.html:
	@scripts/setup.sh
	$(TRUNK) build --release --offline --public-url $(PUBLIC_URL) --dist $(APP)

$(TOOLS_STAMP): $(TOOLS_INPUTS)
	@scripts/setup.sh
	$(MAKE) --no-print-directory tools

node_modules/.package-lock.json: package-lock.json
	@scripts/setup.sh

build: setup tools
	$(build-dist)

dist-ready: dist-check $(DIST_STAMP)

# Runs before the stamp is looked at: a stamp whose dist/ (or shell) is
# gone, or that was built for another PUBLIC_URL, is dropped.
dist-check:
	@if [ -f $(DIST_STAMP) ] && { [ ! -f dist/index.html ] || [ ! -f target/shell.html ] \
	    || [ "$$(cat $(DIST_STAMP))" != '$(PUBLIC_URL)' ]; }; then rm -f $(DIST_STAMP); fi

$(DIST_STAMP): $(BUILD_INPUTS) | setup tools
	$(build-dist)

tools:
	cargo build --profile tools -p standfirst-server -p standfirst-content -p standfirst-prerender -p standfirst-publish
	@touch $(TOOLS_STAMP)

# The demo with real mail: MailDev catches it (SMTP on MAIL_SMTP_PORT, the
# inbox at http://127.0.0.1:$(MAIL_WEB_PORT)/), stopped when serve stops.
# Each file saved under content/ is published at once (standfirst-publish
# --watch prints the summary line); a reload shows the change.
MAIL_SMTP_PORT ?= 1025
MAIL_WEB_PORT ?= 1080
MAILDEV := scripts/maildev/node_modules/.bin/maildev
serve: build
	@$(MAILDEV) --smtp $(MAIL_SMTP_PORT) --web $(MAIL_WEB_PORT) --ip 127.0.0.1 --silent & \
	  mail=$$!; trap 'kill $$mail 2>/dev/null' EXIT INT TERM; \
	  echo "Mail inbox at http://127.0.0.1:$(MAIL_WEB_PORT)/"; \
	  $(PUBLISH) --watch --content $(CONTENT) --dist $(DIST) --app $(APP) & \
	  watcher=$$!; trap 'kill $$mail $$watcher 2>/dev/null' EXIT INT TERM; \
	  $(SERVER) serve --dist $(DIST) --db $(DB) --host $(HOST) --port $(PORT) \
	    --public-url http://$(HOST):$(PORT) --smtp smtp://127.0.0.1:$(MAIL_SMTP_PORT) \
	    --mail-from "The Standfirst <newsletter@localhost>"

# Live reload while working on the app (sign-up endpoint not included).
dev: setup
	$(TRUNK) serve --offline --port $(PORT)

test: setup lint test-native test-wasm build budgets test-e2e test-import test-engines

# The quick loop before `make test`: the lints and the native tests, no
# browser and no release build.
check: lint test-native

lint: lint-wasm
	cargo fmt --all -- --check
	cargo clippy --workspace --exclude standfirst --all-targets -- -D warnings
	cargo clippy -p standfirst --features ssr --lib -- -D warnings
	cargo clippy -p standfirst --features csr --target wasm32-unknown-unknown --all-targets -- -D warnings

# The wasm weight rules on src/ (docs/architecture.md#wasm-rules), after
# the script's own test of each rule against its fixture snippets.
lint-wasm:
	node scripts/lint-wasm.mjs --self-test
	node scripts/lint-wasm.mjs

# The server's tests run against SQLite and against PostgreSQL: a
# throwaway cluster (Debian's postgresql, on a Unix socket in a temporary
# folder, removed afterwards) around them; STANDFIRST_REQUIRE_PG makes a
# missing cluster a failure instead of a skip.
test-native:
	STANDFIRST_REQUIRE_PG=1 scripts/with-postgres.sh cargo test --workspace --exclude standfirst
	cargo test -p standfirst --features ssr --lib

# The browser suite runs in headless Chromium, then in headless Firefox.
test-wasm:
	CHROMEDRIVER=/usr/bin/chromedriver cargo test -p standfirst --features csr --target wasm32-unknown-unknown --test browser
	GECKODRIVER=$(CARGO_BIN)/geckodriver cargo test -p standfirst --features csr --target wasm32-unknown-unknown --test browser

budgets: dist-ready
	scripts/budgets.sh dist

test-e2e: dist-ready
	npx playwright test --config tests/e2e/playwright.config.ts
	$(PUBLISH) --content examples/arabic --dist dist-arabic --app $(APP)
	npx playwright test --config tests/e2e/arabic.config.ts
	npx playwright test --config tests/e2e/publish.config.ts

# The importer end to end: a WordPress export imported, built over the
# release app, prerendered, and read in Chromium.
test-import: dist-ready
	scripts/e2e-import.sh

# The end-to-end smoke in Chromium, Firefox ESR and WebKitGTK.
test-engines: dist-ready
	scripts/engines.sh

bench: dist-ready
	scripts/bench.sh

clean:
	rm -rf dist dist.publish $(APP) target/standfirst.css $(DIST_STAMP)
