#!/usr/bin/env bash
# Every test, in order of cost: unit + database + HTTP (cargo test), then the
# release build and the Playwright suite in headless Chromium against it.
# Exits non-zero on the first failing stage; ends with the runners' summaries.
set -euo pipefail
cd "$(dirname "$0")/.."
export SQLX_OFFLINE=true
# The browser suite's server gets a port nobody listens on (so `make run`
# can keep serving on 3000 meanwhile), unless E2E_PORT names one.
free_port() {
  local port
  for port in $(seq 3100 3999); do
    [ "$port" = "${1:-}" ] && continue
    if ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port between 3100 and 3999" >&2
  return 1
}
PORT=${E2E_PORT:-$(free_port)}
PORT_B=${E2E_PORT_B:-$(free_port "$PORT")}
SERVER=${CARGO_TARGET_DIR:-target}/release/lyceum-server
started=$(date +%s)
mkdir -p target

# Database and HTTP tests get their own database, migrated by the tests themselves.
if [ -n "${DATABASE_URL:-}" ] && [ -n "${APP_DATABASE_URL:-}" ]; then
  export LYCEUM_TEST_OWNER_URL=${LYCEUM_TEST_OWNER_URL:-$DATABASE_URL}
  export LYCEUM_TEST_APP_URL=${LYCEUM_TEST_APP_URL:-$APP_DATABASE_URL}
  E2E_OWNER_URL=$DATABASE_URL
  E2E_APP_URL=$APP_DATABASE_URL
else
  eval "$(scripts/db.sh up lyceum_test)"
  export LYCEUM_TEST_OWNER_URL=$DATABASE_URL LYCEUM_TEST_APP_URL=$APP_DATABASE_URL
  # The browser suite starts from a fresh demo database every run.
  eval "$(scripts/db.sh reset lyceum_e2e)"
  E2E_OWNER_URL=$DATABASE_URL
  E2E_APP_URL=$APP_DATABASE_URL
fi

echo "==> cargo test (domain, database, HTTP)"
cargo test --all-targets 2>&1 | tee target/cargo-test.log | grep -E '^(test result|error|failures:|    [a-z_:]+$|---- )' || true
if grep -qE '^error|test result: FAILED' target/cargo-test.log; then
  echo "cargo test failed; full output in target/cargo-test.log"
  tail -n 60 target/cargo-test.log
  exit 1
fi

echo "==> S3 media backend compiles (cargo check --features s3)"
cargo check -q -p lyceum-server --features s3

echo "==> release build"
cargo leptos build --release --split --precompress 2>&1 | tail -n 3

echo "==> browser tests (Playwright, headless Chromium) on ports $PORT and $PORT_B"
if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then
  echo "port $PORT (E2E_PORT) is in use; choose another or leave E2E_PORT unset" >&2
  exit 1
fi
# Both processes share media storage and the key that signs media URLs.
export MEDIA_DIR=$PWD/target/e2e-media MEDIA_SIGNING_KEY=e2e-media-signing-key-0123456789abcdef
rm -rf "$MEDIA_DIR"
DATABASE_URL=$E2E_OWNER_URL $SERVER migrate
DATABASE_URL=$E2E_OWNER_URL $SERVER seed >/dev/null
# Two processes over one database, as behind a load balancer: the suite
# talks to the first; processes.spec.ts spreads requests over both. Both
# name the portals' public address alike (PUBLIC_PORT: the links their
# background jobs make, such as a certificate's issuer).
export PUBLIC_PORT=$PORT
APP_DATABASE_URL=$E2E_APP_URL LEPTOS_SITE_ADDR=127.0.0.1:$PORT LEPTOS_ENV=PROD RUST_LOG=warn \
  $SERVER serve >target/e2e-server.log 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
APP_DATABASE_URL=$E2E_APP_URL LEPTOS_SITE_ADDR=127.0.0.1:$PORT_B LEPTOS_ENV=PROD RUST_LOG=warn \
  $SERVER serve >target/e2e-server-b.log 2>&1 &
server_b_pid=$!
trap 'kill $server_pid $server_b_pid 2>/dev/null || true' EXIT
for port in $PORT $PORT_B; do
  for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    kill -0 $server_pid 2>/dev/null && kill -0 $server_b_pid 2>/dev/null || {
      echo "a server exited:"; cat target/e2e-server.log target/e2e-server-b.log; exit 1; }
    sleep 0.5
  done
done
(cd end2end && E2E_PORT=$PORT E2E_PORT_B=$PORT_B npx playwright test) 2>&1 | tee target/playwright.log

echo "==> all tests passed in $(( $(date +%s) - started )) s"
cargo_passed=$(grep -E '^test result' target/cargo-test.log | awk '{p+=$4} END {print p+0}')
browser_passed=$(grep -oE '^ +[0-9]+ passed' target/playwright.log | awk '{print $1}' | tail -n 1)
echo "cargo test: $cargo_passed passed; playwright: ${browser_passed:-0} passed"
echo "tests: $(( cargo_passed + ${browser_passed:-0} )) passed, 0 failed"
