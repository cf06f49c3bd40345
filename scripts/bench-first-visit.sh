#!/usr/bin/env bash
# What a first visit to the catalog costs: bytes on the wire and server CPU.
#
# A visit is what a browser with an empty cache fetches: the page, then
# every stylesheet, script, WASM file and icon the page names, each with
# `Accept-Encoding: br, gzip` (so the bytes counted are the bytes sent).
# Server CPU is the server process's user + system time (/proc/PID/stat)
# over BENCH_VISITS visits, divided by their number.
#
#   BENCH_PORT=3000 scripts/bench-first-visit.sh        (a server already running)
#
# Settings: BENCH_PORT (3000), BENCH_HOST (acme.localhost), BENCH_PATH
# (/courses), BENCH_VISITS (20), SERVER_PID (found by its command line).
set -euo pipefail
PORT=${BENCH_PORT:-3000}
HOST=${BENCH_HOST:-acme.localhost}
PAGE=${BENCH_PATH:-/courses}
VISITS=${BENCH_VISITS:-20}
PID=${SERVER_PID:-$(pgrep -f "lyceum-server serve" | head -n 1)}
[ -n "$PID" ] || { echo "no running lyceum-server found; set SERVER_PID" >&2; exit 1; }
BASE="http://$HOST:$PORT"
RESOLVE=(--resolve "$HOST:$PORT:127.0.0.1")
TICK=$(getconf CLK_TCK)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }

# Size on the wire of one response, and its encoding.
fetch() {
  curl -s "${RESOLVE[@]}" -H 'Accept-Encoding: br, gzip' -o /dev/null \
    -w '%{size_download} %{header_json}\n' "$BASE$1" |
    python3 -c 'import sys, json
line = sys.stdin.read()
size, _, headers = line.partition(" ")
h = json.loads(headers)
enc = (h.get("content-encoding") or ["-"])[0]
print(size, enc)'
}

html=$(curl -s "${RESOLVE[@]}" "$BASE$PAGE")
# Every asset the page names: stylesheets, icon, module script, WASM preload.
mapfile -t assets < <(printf '%s' "$html" | grep -oE '(href|src)="/[^"]+"' | cut -d'"' -f2 |
  grep -E '\.(css|js|wasm|svg)$|^/brand\.css$' | sort -u)

printf 'First visit to %s%s (%d assets), %d visits, server pid %s\n' "$BASE" "$PAGE" "${#assets[@]}" "$VISITS" "$PID"
total=0
for url in "$PAGE" "${assets[@]}"; do
  read -r size enc < <(fetch "$url")
  printf '  %-58s %9s B  %s\n' "$url" "$size" "$enc"
  total=$((total + size))
done
printf '  %-58s %9s B\n' "total on the wire" "$total"

before=$(cpu_ticks)
for _ in $(seq 1 "$VISITS"); do
  for url in "$PAGE" "${assets[@]}"; do
    curl -s "${RESOLVE[@]}" -H 'Accept-Encoding: br, gzip' -o /dev/null "$BASE$url"
  done
done
after=$(cpu_ticks)
awk -v t="$((after - before))" -v hz="$TICK" -v n="$VISITS" \
  'BEGIN { printf "  server CPU per first visit: %.1f ms (user + system, %d visits)\n", t * 1000 / hz / n, n }'
