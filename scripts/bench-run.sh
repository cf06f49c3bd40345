#!/usr/bin/env bash
# `make bench`: serve the release build on the demo database and load it
# from wrk over loopback (scripts/bench.sh does the measuring; BENCH_SCRIPT
# names another, e.g. `make bench-authoring`).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:-3300}
SERVER=${CARGO_TARGET_DIR:-target}/release/lyceum-server
command -v wrk >/dev/null || { sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo; $sudo_ apt-get install -y -qq wrk >/dev/null; }
eval "$(scripts/db.sh up lyceum)"
$SERVER migrate >/dev/null
$SERVER seed >/dev/null
LEPTOS_SITE_ADDR=127.0.0.1:$PORT LEPTOS_ENV=PROD RUST_LOG=error $SERVER serve >target/bench-server.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 40); do curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.25; done
BENCH_PORT=$PORT BENCH_SERVER_PID=$pid ${BENCH_SCRIPT:-scripts/bench.sh}
