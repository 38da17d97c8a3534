# alam: `make demo` builds everything and serves the demo; `make test` runs every test.
# Set-up steps install only what is missing, so a second run is fast.

SHELL := /bin/bash
CARGO ?= cargo
WASM_TARGET := wasm32-unknown-unknown
# The wasm-bindgen CLI must match the crate version locked in Cargo.lock exactly.
WB_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/"/, "", $$3); print $$3}' Cargo.lock)
WASM_OPT := node_modules/.bin/wasm-opt
CHROMIUM ?= /usr/bin/chromium
# The other engines of the browser tests (tests/web/helpers/browser.mjs):
# Firefox over WebDriver BiDi, WebKitGTK's MiniBrowser through WebKitWebDriver under Xvfb.
FIREFOX ?= /usr/bin/firefox-esr
WEBKIT_DRIVER ?= /usr/bin/WebKitWebDriver
XVFB := /usr/bin/Xvfb
# Debian packages the browser tests need.
BROWSER_PACKAGES := chromium chromium-driver fonts-noto-core firefox-esr webkit2gtk-driver xvfb
# The web tests that open pages through tests/web/helpers/browser.mjs: they run
# once per engine. The other tests/web/ files (wasm in Node, the build
# scripts, the Chromium extension) run once, with Chromium's pass.
BROWSER_TESTS = $(shell grep -l "helpers/browser.mjs" tests/web/*.test.mjs)
SHARED ?= ../shared
# Cargo's build folder: ./target, or wherever CARGO_TARGET_DIR or a cargo
# config sends it.
TARGET_DIR := $(shell $(CARGO) metadata --format-version 1 --no-deps 2>/dev/null | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
TARGET_DIR := $(or $(TARGET_DIR),target)
RELEASE_WASM := $(TARGET_DIR)/$(WASM_TARGET)/release/alam.wasm
CLI := $(TARGET_DIR)/native/alam

.PHONY: demo test test-browsers bench fuzz model eval clusters lists wasm wasm-node extension cli setup setup-rust setup-node setup-browser setup-tools lint clean

## ---- set-up (idempotent) ----

setup: setup-rust setup-node setup-browser setup-tools

setup-rust:
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WB_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WB_VERSION) (takes a few minutes, once)"; \
	  $(CARGO) install wasm-bindgen-cli --version $(WB_VERSION) --force; \
	fi

setup-node: node_modules/.stamp

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

setup-browser:
	@for f in $(CHROMIUM) $(FIREFOX) $(WEBKIT_DRIVER) $(XVFB); do [ -x $$f ] || missing=1; done; \
	if [ -n "$$missing" ] || ! fc-list 2>/dev/null | grep -q NotoNaskhArabic; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(BROWSER_PACKAGES); \
	fi

# GNU parallel: tests/cli_parallel.rs runs alam as the map step of `parallel --pipe`.
setup-tools:
	@command -v parallel >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y parallel; }

## ---- builds ----

cli:
	$(CARGO) build --profile native --bin alam

# The web build, served by the demo from www/wasm/ (the wasm-bindgen glue and the .wasm);
# scripts/make-package.mjs then writes the npm package folder pkg/.
# `cargo rustc --crate-type cdylib` because cargo skips LTO for a crate that is
# both cdylib and rlib.
wasm: setup-rust setup-node
	$(CARGO) rustc --lib --release --target $(WASM_TARGET) --crate-type cdylib
	wasm-bindgen --target web --out-dir www/wasm $(RELEASE_WASM)
	$(WASM_OPT) -Oz www/wasm/alam_bg.wasm -o www/wasm/alam_bg.wasm
	node scripts/make-package.mjs

# The Node build for tests and benchmarks (with the benchmark-only round trip).
wasm-node: setup-rust setup-node
	$(CARGO) rustc --lib --release --target $(WASM_TARGET) --crate-type cdylib --features bench \
	  --target-dir $(TARGET_DIR)/bench
	wasm-bindgen --target nodejs --out-dir target/pkg-node $(TARGET_DIR)/bench/$(WASM_TARGET)/release/alam.wasm
	$(WASM_OPT) -Oz target/pkg-node/alam_bg.wasm -o target/pkg-node/alam_bg.wasm
	echo '{"type":"commonjs"}' > target/pkg-node/package.json

# The browser extension for Chromium and for Firefox: the folders to load unpacked, and their zips.
extension: wasm
	node scripts/make-extension.mjs target/extension target/alam-extension.zip

## ---- the two README commands ----

demo: setup wasm
	@echo "alam demo: http://127.0.0.1:8000"
	node scripts/serve.mjs www 8000

# The web suites time real browsers on 2 shared cores: a suite that fails is
# run once more, saying so, and fails the build only if it fails again.
test: setup lint wasm wasm-node extension
	$(CARGO) test
	node --test tests/web/ || { echo "== the web suite failed: running it once more"; node --test tests/web/; }
	$(MAKE) test-browsers ENGINES="firefox webkit"

# The browser tests in each engine of ENGINES (e.g. `make test-browsers ENGINES=webkit`).
ENGINES ?= chromium firefox webkit
test-browsers:
	@for engine in $(ENGINES); do \
	  echo "== browser tests in $$engine"; \
	  ALAM_ENGINE=$$engine node --test $(BROWSER_TESTS) || { \
	    echo "== browser tests in $$engine failed: running them once more"; \
	    ALAM_ENGINE=$$engine node --test $(BROWSER_TESTS) || exit 1; }; \
	done

# tsc over www/'s JS (scripts/typecheck.mjs) needs the wasm glue's types in www/wasm/.
lint: setup-node wasm
	node scripts/typecheck.mjs
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --lib --target $(WASM_TARGET) -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps

## ---- measurements ----

# Needs ../shared (the texts are generated from ANERcorp). Prints figures and ratios.
bench: setup wasm wasm-node
	node scripts/make-bench-data.mjs $(SHARED)/data/ner/anercorp/train.txt bench/data
	$(CARGO) bench --profile native --bench native -- bench/data
	$(CARGO) bench --profile native --bench batch -- bench/data
	node bench/wasm.mjs bench/data
	node bench/browser.mjs
	node bench/startup.mjs

# Randomized contract checks on stable Rust (tests/fuzz.rs), optimized, for
# ALAM_FUZZ_SECONDS (default 300); prints inputs/s and the total. `make test`
# runs the same harness for 3 s.
ALAM_FUZZ_SECONDS ?= 300
fuzz:
	ALAM_FUZZ_SECONDS=$(ALAM_FUZZ_SECONDS) $(CARGO) test --profile native --test fuzz -- --nocapture

## ---- the entity model (needs ../shared; not part of `make test`) ----

NER := $(SHARED)/data/ner
# Epochs chosen on a held-out tenth of train.txt; dropout and runs (the
# defaults) by 5-fold cross-validation on it (see data/README.md).
EPOCHS := 10

# Retrains data/model.bin on ANERcorp train + dev. Deterministic.
# Retrains data/model.bin on ANERcorp train + dev (news) and WikiFANE train +
# dev (encyclopedia text, see data/README.md). Deterministic.
model: cli
	$(CLI) train --epochs $(EPOCHS) --out data/model.bin \
	  --encyclopedia $(NER)/wikifane/train.txt --encyclopedia $(NER)/wikifane/dev.txt \
	  $(NER)/anercorp/train.txt $(NER)/anercorp/dev.txt

# The shipped name lists merged into the one file the crate embeds.
lists: cli
	$(CLI) lists --dir data/gazetteers --out data/lists.txt

# Brown clusters (data/clusters.bin) of the unlabeled Wikipedia text and the
# tokens of the train files (never a dev file's). Deterministic; about two
# minutes on one core.
clusters: cli
	$(CLI) clusters --clusters 256 --min-count 5 --out data/clusters.bin \
	  $(SHARED)/data/text/arzwiki_20181020.txt --conll $(NER)/anercorp/train.txt $(NER)/wikifane/train.txt

# Dev scores of a model trained on the train parts only (the shipped model has
# seen the dev parts): ANERcorp dev per sentence and 20 sentences at a time,
# AQMAR dev (Wikipedia, never trained on), WikiFANE dev.
eval: cli
	$(CLI) train --epochs $(EPOCHS) --out target/model-train-only.bin \
	  --encyclopedia $(NER)/wikifane/train.txt $(NER)/anercorp/train.txt
	@echo "ANERcorp dev, sentence by sentence:"
	@$(CLI) eval --model target/model-train-only.bin $(NER)/anercorp/dev.txt
	@echo "ANERcorp dev, 20 sentences at a time:"
	@$(CLI) eval --window 20 --model target/model-train-only.bin $(NER)/anercorp/dev.txt
	@echo "AQMAR dev (Wikipedia), sentence by sentence:"
	@$(CLI) eval --model target/model-train-only.bin $(NER)/aqmar/dev.txt
	@echo "WikiFANE dev (Wikipedia), sentence by sentence:"
	@$(CLI) eval --model target/model-train-only.bin $(NER)/wikifane/dev.txt

clean:
	rm -rf target www/wasm pkg test-output bench/data
