# Incident Atlas: `make serve` and `make test` do all set-up on a fresh machine. Every tool is
# pinned and comes from a package registry (crates.io, npm, Debian); nothing downloads a binary
# from anywhere else.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Where the site will be served: `/` locally, `/incident-atlas/` for a GitHub Pages project.
BASE ?= /
PORT ?= 8080
E2E_BASE := /incident-atlas/

TRUNK_VERSION := 0.21.14
# Pinned in package.json; wasm-opt reports the major version.
BINARYEN_VERSION := 132.0.0
BINARYEN_MAJOR := $(firstword $(subst ., ,$(BINARYEN_VERSION)))
# wasm-bindgen-cli must equal the wasm-bindgen library in Cargo.lock.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
WASM_TARGET := wasm32-unknown-unknown

# The tools Trunk runs must be found on PATH: cargo's bin for trunk and wasm-bindgen, and
# node_modules/.bin for binaryen's wasm-opt (never Debian's binaryen 108: its wasm crashes).
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help tools rust-tools node-tools browser build serve test check-native check-schema \
        e2e size bench bench-repaint fuzz clean

help:
	@echo "make serve   build the app and serve it at http://127.0.0.1:$(PORT)/"
	@echo "make test    every check: format, lints, native tests, catalogue, schema, browser tests"
	@echo "make build   release build into dist/ (BASE=/sub/path/ for a sub-path)"
	@echo "make bench   measure sizes and speed against the budgets (10,000 incidents)"
	@echo "make tools   install the pinned build and test tools"

tools: rust-tools node-tools browser

rust-tools:
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@trunk --version 2>/dev/null | grep -qx "trunk $(TRUNK_VERSION)" || \
		cargo install --locked trunk --version $(TRUNK_VERSION)
	@# Without --locked: the crate's own lock file asks for a version crates.io no longer has.
	@wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $(WASM_BINDGEN_VERSION)" || \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

node-tools: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@wasm-opt --version | grep -q "version $(BINARYEN_MAJOR) " || \
		{ echo "wasm-opt is not binaryen $(BINARYEN_VERSION)"; exit 1; }
	@touch $@

browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y chromium chromium-driver; }

# A release build: wasm-opt -Oz; then a 404.html that boots the app for any path the host has
# no file for, a page per incident (its own title and Open Graph tags) so deep links answer
# 200, feed.xml and catalogue.csv. SITE_URL (https://someone.github.io) adds og:url and
# canonical links and makes the feed's and the CSV's links absolute; REPO_URL
# (https://github.com/owner/name) adds "Suggest a correction" to every incident page.
SITE_URL ?=
REPO_URL ?=
build: rust-tools node-tools
	trunk build --release --offline --public-url $(BASE)
	cargo run --quiet --bin atlas -- pages dist --base $(BASE) \
		$(if $(SITE_URL),--site-url $(SITE_URL)) $(if $(REPO_URL),--repo-url $(REPO_URL))

serve: rust-tools node-tools
	$(MAKE) build BASE=/
	node tests/e2e/static-server.mjs --root dist --base / --port $(PORT)

test: tools check-native check-schema e2e size

check-native:
	cargo fmt --all --check
	cargo clippy --all-targets --features testkit -- -D warnings
	cargo clippy --target $(WASM_TARGET) --lib --bin incident-atlas -- -D warnings
	cargo test
	cargo run --quiet --bin atlas -- check public/catalogue.json

check-schema: node-tools
	node tests/schema/validate.mjs public/catalogue.json tests/fixtures/valid/*.json \
		tests/fixtures/hostile/markup-everywhere.json
	node tests/schema/validate.mjs --invalid tests/fixtures/schema-invalid/*.json \
		tests/fixtures/hostile/hostile-links.json tests/fixtures/hostile/wrong-types.json

# The browser tests' build knows a repository, so that the correction link is there to test
# (a build without one has none: tests/pages.rs).
E2E_REPO_URL := https://github.com/example/incident-atlas
e2e: tools
	$(MAKE) build BASE=$(E2E_BASE) REPO_URL=$(E2E_REPO_URL)
	mkdir -p target/e2e
	cargo run --quiet --bin atlas -- generate --count 150 --seed 2 --output target/e2e/catalogue-150.json
	cd tests/e2e && npx playwright test

# Sizes of the release build that e2e just made (gzipped): fails above the ceilings in
# tests/size/limits.json and reports the distance to the performance budgets.
size:
	node tests/size/check.mjs dist

# Performance against the budgets, with 10,000 generated incidents: prints a table and writes
# target/bench/bench.json. Measures this machine; never fails on a figure.
bench: tools
	$(MAKE) build BASE=$(E2E_BASE)
	rm -rf target/bench && mkdir -p target/bench
	cargo run --quiet --release --bin atlas -- generate --count 10000 --seed 1 --output target/bench/catalogue-10000.json
	@# The same build with `bench_layout` exported (the `bench` feature), for the 10,000.
	trunk build --release --offline --public-url $(E2E_BASE) --features bench --dist target/bench/dist
	cp target/bench/catalogue-10000.json target/bench/dist/catalogue.json
	cargo run --quiet --release --bin atlas -- pages target/bench/dist --catalogue target/bench/catalogue-10000.json --base $(E2E_BASE)
	node tests/bench/bench.mjs --dist dist --bench-dist target/bench/dist
	cargo bench --bench layout

# The repaint at 10,000 incidents of this build and of the build at BASELINE (by default the
# last commit before issue 19), measured in one run (tests/bench/repaint.mjs). The baseline is
# built from a worktree into the same target directory, so only the app itself recompiles.
BASELINE ?= 863b2d1
REPAINT := target/bench-repaint
bench-repaint: tools
	$(MAKE) build BASE=$(E2E_BASE)
	rm -rf $(REPAINT) && mkdir -p $(REPAINT)
	git worktree prune
	git worktree add --detach $(REPAINT)/tree $(BASELINE)
	cd $(REPAINT)/tree && CARGO_TARGET_DIR=$(CURDIR)/target trunk build --release --offline \
		--public-url $(E2E_BASE) --dist $(CURDIR)/$(REPAINT)/before
	git worktree remove --force $(REPAINT)/tree
	cp -r dist $(REPAINT)/after
	cargo run --quiet --release --bin atlas -- generate --count 10000 --seed 1 --output $(REPAINT)/catalogue-10000.json
	for build in before after; do \
		cp $(REPAINT)/catalogue-10000.json $(REPAINT)/$$build/catalogue.json; \
		cargo run --quiet --release --bin atlas -- pages $(REPAINT)/$$build --catalogue $(REPAINT)/catalogue-10000.json --base $(E2E_BASE); \
	done
	node tests/bench/repaint.mjs --before $(REPAINT)/before --after $(REPAINT)/after --view top
	node tests/bench/repaint.mjs --before $(REPAINT)/before --after $(REPAINT)/after --view cards

# Fuzzing with cargo-fuzz (libFuzzer; needs the nightly toolchain): each target in turn for
# FUZZ_SECONDS seconds, starting from the committed corpus in fuzz/corpus/<target>/; what a
# run finds goes to fuzz/target/corpus/<target>/, so the committed one stays small. An input
# that panics, takes over 10 s or needs over 2 GB stops the run, saved in fuzz/artifacts/.
# No sanitizer (the crate has no unsafe code; AddressSanitizer made the layout 3 times slower
# and used 700 MB of the memory limit itself), but overflow checks and debug assertions on.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := catalogue rundown url_state layout
CARGO_FUZZ_VERSION := 0.13.2
fuzz:
	@rustup run nightly rustc --version >/dev/null 2>&1 || \
		{ echo "make fuzz needs a nightly toolchain: rustup toolchain install nightly"; exit 1; }
	@cargo fuzz --version 2>/dev/null | grep -qx "cargo-fuzz $(CARGO_FUZZ_VERSION)" || \
		cargo install --locked cargo-fuzz --version $(CARGO_FUZZ_VERSION)
	cargo +nightly fuzz build --sanitizer none --debug-assertions
	@for target in $(FUZZ_TARGETS); do \
		case $$target in catalogue|rundown) max_len=65536 ;; *) max_len=4096 ;; esac; \
		dict=$(CURDIR)/fuzz/dict/$$target.dict; \
		found=$(CURDIR)/fuzz/target/corpus/$$target; mkdir -p $$found; \
		echo "fuzzing $$target for $(FUZZ_SECONDS) s"; \
		nice -n 10 cargo +nightly fuzz run --sanitizer none --debug-assertions $$target \
			$$found $(CURDIR)/fuzz/corpus/$$target -- \
			-max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 -max_len=$$max_len \
			-print_final_stats=1 $$([ -f $$dict ] && echo -dict=$$dict); \
	done

clean:
	cargo clean
	rm -rf dist node_modules
