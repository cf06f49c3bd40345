#!/usr/bin/env bash
# Serves the release build as two processes over one database, on $PORT
# (3000) and $PORT_B (3001), as two servers behind a load balancer would run:
# sessions, the login throttle and failed-save drafts live in PostgreSQL,
# and each process clears its catalog cache when the other commits a
# catalog change (docs/scaling.md). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
SERVER=${SERVER:-${CARGO_TARGET_DIR:-target}/release/lyceum-server}
PORT=${PORT:-3000}
PORT_B=${PORT_B:-3001}
eval "$(scripts/db.sh up lyceum)"
$SERVER migrate
$SERVER seed
# One public address for both (a certificate's issuer, made by whichever
# process runs the job).
export PUBLIC_PORT=$PORT
LEPTOS_SITE_ADDR=127.0.0.1:$PORT LEPTOS_ENV=PROD $SERVER serve &
first=$!
LEPTOS_SITE_ADDR=127.0.0.1:$PORT_B LEPTOS_ENV=PROD $SERVER serve &
second=$!
trap 'kill $first $second 2>/dev/null || true' EXIT INT TERM
echo "Serving on http://localhost:$PORT and http://localhost:$PORT_B (Ctrl-C stops both)"
wait -n $first $second
