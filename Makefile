# alam: `make demo` builds everything and serves the demo; `make test` runs every test.
# Set-up steps install only what is missing, so a second run is fast.

SHELL := /bin/bash
CARGO ?= cargo
WASM_TARGET := wasm32-unknown-unknown
# The wasm-bindgen CLI must match the crate version locked in Cargo.lock exactly.
WB_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/"/, "", $$3); print $$3}' Cargo.lock)
WASM_OPT := node_modules/.bin/wasm-opt
CHROMIUM := /usr/bin/chromium
# The other engines of the browser tests (tests/web/helpers/browser.mjs):
# Firefox over WebDriver BiDi, WebKitGTK's MiniBrowser through WebKitWebDriver under Xvfb.
FIREFOX := /usr/bin/firefox-esr
WEBKIT_DRIVER := /usr/bin/WebKitWebDriver
XVFB := /usr/bin/Xvfb
# Debian packages the browser tests need.
BROWSER_PACKAGES := chromium chromium-driver fonts-noto-core firefox-esr webkit2gtk-driver xvfb
# The web tests that open pages through tests/web/helpers/browser.mjs: they run
# once per engine. The other tests/web/ files (wasm in Node, the build
# scripts, the Chromium extension) run once, with Chromium's pass.
BROWSER_TESTS = $(shell grep -l "helpers/browser.mjs" tests/web/*.test.mjs)
SHARED ?= ../shared
RELEASE_WASM := target/$(WASM_TARGET)/release/alam.wasm
CLI := target/native/alam

.PHONY: demo test test-browsers bench model eval wasm wasm-node extension cli setup setup-rust setup-node setup-browser lint clean

## ---- set-up (idempotent) ----

setup: setup-rust setup-node setup-browser

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
	  --target-dir target/bench
	wasm-bindgen --target nodejs --out-dir target/pkg-node target/bench/$(WASM_TARGET)/release/alam.wasm
	$(WASM_OPT) -Oz target/pkg-node/alam_bg.wasm -o target/pkg-node/alam_bg.wasm
	echo '{"type":"commonjs"}' > target/pkg-node/package.json

# The browser extension for Chromium and for Firefox: the folders to load unpacked, and their zips.
extension: wasm
	node scripts/make-extension.mjs target/extension target/alam-extension.zip

## ---- the two README commands ----

demo: setup wasm
	@echo "alam demo: http://127.0.0.1:8000"
	node scripts/serve.mjs www 8000

test: setup lint wasm wasm-node extension
	$(CARGO) test
	node --test tests/web/
	$(MAKE) test-browsers ENGINES="firefox webkit"

# The browser tests in each engine of ENGINES (e.g. `make test-browsers ENGINES=webkit`).
ENGINES ?= chromium firefox webkit
test-browsers:
	@for engine in $(ENGINES); do \
	  echo "== browser tests in $$engine"; \
	  ALAM_ENGINE=$$engine node --test $(BROWSER_TESTS) || exit 1; \
	done

# tsc over www/'s JS (scripts/typecheck.mjs) needs the wasm glue's types in www/wasm/.
lint: setup-node wasm
	node scripts/typecheck.mjs
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --lib --target $(WASM_TARGET) -- -D warnings

## ---- measurements ----

# Needs ../shared (the texts are generated from ANERcorp). Prints figures and ratios.
bench: setup wasm wasm-node
	node scripts/make-bench-data.mjs $(SHARED)/data/ner/anercorp/train.txt bench/data
	$(CARGO) bench --profile native --bench native -- bench/data
	node bench/wasm.mjs bench/data
	node bench/browser.mjs

## ---- the entity model (needs ../shared; not part of `make test`) ----

NER := $(SHARED)/data/ner
# Epochs chosen on a held-out tenth of train.txt; dropout and runs (the
# defaults) by 5-fold cross-validation on it (see data/README.md).
EPOCHS := 10

# Retrains data/model.bin on ANERcorp train + dev. Deterministic.
model: cli
	$(CLI) train --epochs $(EPOCHS) --out data/model.bin $(NER)/anercorp/train.txt $(NER)/anercorp/dev.txt

# Dev scores of a model trained on train.txt only (the shipped model has seen
# dev), per sentence and 20 sentences at a time, then on AQMAR (out of domain).
eval: cli
	$(CLI) train --epochs $(EPOCHS) --out target/model-train-only.bin $(NER)/anercorp/train.txt
	@echo "ANERcorp dev, sentence by sentence:"
	@$(CLI) eval --model target/model-train-only.bin $(NER)/anercorp/dev.txt
	@echo "ANERcorp dev, 20 sentences at a time:"
	@$(CLI) eval --window 20 --model target/model-train-only.bin $(NER)/anercorp/dev.txt
	@echo "AQMAR dev (Wikipedia), sentence by sentence:"
	@$(CLI) eval --model target/model-train-only.bin $(NER)/aqmar/dev.txt

clean:
	rm -rf target www/wasm pkg test-output bench/data
