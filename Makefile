# Lyceum: `make run` to try it, `make test` to check everything.
# Both install what is missing (scripts/setup.sh) and bring up the local
# PostgreSQL (scripts/db.sh) unless DATABASE_URL and APP_DATABASE_URL are set.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help

# Compile-checked SQL against the committed .sqlx/ cache: no database needed to build.
export SQLX_OFFLINE := true
export PATH := $(HOME)/.cargo/bin:$(or $(LYCEUM_TOOLS_DIR),$(HOME)/.cache/lyceum/tools)/node_modules/.bin:$(PATH)
PORT ?= 3000
SERVER := $(or $(CARGO_TARGET_DIR),target)/release/lyceum-server

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

setup: ## install missing tools (idempotent)
	@scripts/setup.sh

build: setup ## release build: server binary + optimised WASM
	cargo leptos build --release --split --precompress

run: build ## install, start Postgres, migrate, load demo data, serve on :3000
	eval "$$(scripts/db.sh up lyceum)"
	$(SERVER) migrate
	$(SERVER) seed
	echo "Serving on http://localhost:$(PORT) (Ctrl-C stops)"
	LEPTOS_SITE_ADDR=127.0.0.1:$(PORT) LEPTOS_ENV=PROD exec $(SERVER) serve

run-two: build ## as `make run`, as two processes over one database (:3000 and :3001)
	SERVER=$(SERVER) PORT=$(PORT) scripts/two-processes.sh

test: ## every test: unit, database, HTTP, then Playwright in headless Chromium
	WANT_BROWSER=1 scripts/setup.sh
	scripts/test.sh

bench: build ## load-test the release build on loopback (wrk) and measure the WASM
	scripts/bench-run.sh

bench-authoring: build ## curriculum reorder round trip (p50/p95) on the release build, demo data
	BENCH_SCRIPT=scripts/bench-authoring.py scripts/bench-run.sh

bench-learning: build ## the course player: lesson pages p50/p95 for 20 learners at once, release build
	BENCH_SCRIPT=scripts/bench-learning.py scripts/bench-run.sh

bench-media: build ## upload throughput and server memory for a 200 MB video, Range throughput
	BENCH_SCRIPT=scripts/bench-media.py scripts/bench-run.sh

bench-catalog: build ## catalog latency at 100k courses (run make seed-large once first)
	eval "$$(scripts/db.sh up lyceum)"
	$(SERVER) migrate >/dev/null
	# A short cache life, so every benchmark cell spans expiries (see the script).
	CATALOG_CACHE_TTL_SECS=$${CATALOG_CACHE_TTL_SECS:-10} LYCEUM_BENCH_BASELINE=1 LEPTOS_SITE_ADDR=127.0.0.1:3300 LEPTOS_ENV=PROD RUST_LOG=error \
	  $(SERVER) serve >target/bench-server.log 2>&1 &
	pid=$$!; trap 'kill $$pid 2>/dev/null || true' EXIT
	for _ in $$(seq 1 40); do curl -fsS http://127.0.0.1:3300/readyz >/dev/null 2>&1 && break; sleep 0.25; done
	BENCH_PORT=3300 scripts/bench-catalog.sh

seed-large: build ## benchmark data: tenant bigco with 100,000 courses, small-01..20 with 2,000-5,000 each
	SERVER=$(SERVER) scripts/seed-large.sh

fmt: ## format and lint
	cargo fmt --all
	cargo clippy --workspace --all-targets -- -D warnings

sqlx-prepare: ## refresh .sqlx/ after changing a query (against the local, migrated database)
	eval "$$(scripts/db.sh up lyceum)"
	# Migrated by sqlx-cli, not by the server: the server does not compile
	# while a changed query has no cached metadata yet.
	command -v sqlx >/dev/null || CARGO_PROFILE_RELEASE_LTO=off cargo install --locked sqlx-cli \
	  --version 0.8.6 --no-default-features --features postgres,rustls
	sqlx migrate run --source migrations
	rm -rf .sqlx && mkdir .sqlx
	touch app/src/lib.rs server/src/lib.rs
	# The sqlx macros write their query metadata here while compiling online.
	SQLX_OFFLINE=false SQLX_OFFLINE_DIR=$(CURDIR)/.sqlx cargo check -p lyceum-server --all-targets

.PHONY: help setup build run run-two test bench bench-authoring bench-learning bench-media bench-catalog seed-large fmt sqlx-prepare
