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
TRUNK := trunk --config Trunk.toml

.PHONY: setup tools build serve dev test test-native test-wasm test-e2e test-import test-engines lint budgets bench clean

setup:
	@scripts/setup.sh

# The release site into dist/: trunk (wasm-opt z) runs the content compiler
# as a hook; then every page is prerendered to HTML with the app's own
# components (index.html, <edition>.html, <section>.html,
# <section>/page/<n>.html, <section>/<slug>.html, newsletters.html,
# 404.html, saved.html, saved/offline.html, search.html) with the web app
# manifest and the service worker (sw.js); Pagefind indexes the stories
# into dist/pagefind/; and every text file is precompressed for CDN-like
# serving.
# PUBLIC_URL=/project/ builds for hosting under a sub-path.
build: setup tools
	$(TRUNK) build --release --offline --public-url $(PUBLIC_URL)
	cp dist/index.html target/shell.html
	$(PRERENDER) --dist dist
	rm -rf dist/pagefind
	pagefind --site dist --silent
	$(SERVER) prepare --dist dist

tools:
	cargo build --profile tools -p standfirst-server -p standfirst-content -p standfirst-prerender

# The demo with real mail: MailDev catches it (SMTP on MAIL_SMTP_PORT, the
# inbox at http://127.0.0.1:$(MAIL_WEB_PORT)/), stopped when serve stops.
MAIL_SMTP_PORT ?= 1025
MAIL_WEB_PORT ?= 1080
MAILDEV := scripts/maildev/node_modules/.bin/maildev
serve: build
	@mkdir -p $(dir $(DB))
	@$(MAILDEV) --smtp $(MAIL_SMTP_PORT) --web $(MAIL_WEB_PORT) --ip 127.0.0.1 --silent & \
	  mail=$$!; trap 'kill $$mail 2>/dev/null' EXIT INT TERM; \
	  echo "Mail inbox at http://127.0.0.1:$(MAIL_WEB_PORT)/"; \
	  $(SERVER) serve --dist dist --db $(DB) --host $(HOST) --port $(PORT) \
	    --public-url http://$(HOST):$(PORT) --smtp smtp://127.0.0.1:$(MAIL_SMTP_PORT) \
	    --mail-from "The Standfirst <newsletter@localhost>"

# Live reload while working on the app (sign-up endpoint not included).
dev: setup
	$(TRUNK) serve --offline --port $(PORT)

test: setup lint test-native test-wasm build budgets test-e2e test-import test-engines

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --exclude standfirst --all-targets -- -D warnings
	cargo clippy -p standfirst --features ssr --lib -- -D warnings
	cargo clippy -p standfirst --features csr --target wasm32-unknown-unknown --all-targets -- -D warnings

test-native:
	cargo test --workspace --exclude standfirst
	cargo test -p standfirst --features ssr --lib

# The browser suite runs in headless Chromium, then in headless Firefox.
test-wasm:
	CHROMEDRIVER=/usr/bin/chromedriver cargo test -p standfirst --features csr --target wasm32-unknown-unknown --test browser
	GECKODRIVER=$(CARGO_BIN)/geckodriver cargo test -p standfirst --features csr --target wasm32-unknown-unknown --test browser

budgets:
	scripts/budgets.sh dist

test-e2e:
	npx playwright test --config tests/e2e/playwright.config.ts

# The importer end to end: a WordPress export imported, built over the
# release app, prerendered, and read in Chromium.
test-import:
	scripts/e2e-import.sh

# The end-to-end smoke in Chromium, Firefox ESR and WebKitGTK.
test-engines:
	scripts/engines.sh

bench: build
	scripts/bench.sh

clean:
	rm -rf dist target/standfirst.css
