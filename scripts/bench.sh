#!/usr/bin/env bash
# Benchmark the release build of Lyceum on loopback.
#
# Assumes the release server is already listening on 127.0.0.1:${BENCH_PORT}
# (`make bench` starts it). Runs wrk against three endpoints for a fixed
# duration each, prints requests/sec and p50/p90/p99 latency as a table and
# writes one JSON object per line to target/bench/latest.jsonl. Then reports
# the size of the release WASM bundle and its JS glue: raw, gzip -9, brotli.
#
# Environment (all optional):
#   BENCH_PORT         port of the running server            (default 3000)
#   BENCH_DURATION     wrk duration per endpoint, e.g. 15s   (default 15s)
#   BENCH_THREADS      wrk threads                           (default 2)
#   BENCH_CONNECTIONS  wrk open connections                  (default 32)
#   BENCH_OUT          JSON lines output file                (default target/bench/latest.jsonl)
#   BENCH_PKG_DIR      where the release bundle is            (default target/site/pkg)
#
# Only loopback is ever targeted; every run is bounded by BENCH_DURATION.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PORT="${BENCH_PORT:-3000}"
DURATION="${BENCH_DURATION:-15s}"
THREADS="${BENCH_THREADS:-2}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
OUT="${BENCH_OUT:-target/bench/latest.jsonl}"
PKG_DIR="${BENCH_PKG_DIR:-target/site/pkg}"

die() { echo "bench: $*" >&2; exit 1; }

[[ "$PORT" =~ ^[0-9]+$ ]] || die "BENCH_PORT must be a number, got '$PORT'"
[[ "$THREADS" =~ ^[0-9]+$ ]] || die "BENCH_THREADS must be a number, got '$THREADS'"
[[ "$CONNECTIONS" =~ ^[0-9]+$ ]] || die "BENCH_CONNECTIONS must be a number, got '$CONNECTIONS'"
# A fixed, bounded duration: seconds or minutes, at most 10 minutes.
if [[ "$DURATION" =~ ^([0-9]+)(s?)$ ]]; then
  secs=$(( 10#${BASH_REMATCH[1]} ))
elif [[ "$DURATION" =~ ^([0-9]+)m$ ]]; then
  secs=$(( 10#${BASH_REMATCH[1]} * 60 ))
else
  die "BENCH_DURATION must look like 15s or 1m, got '$DURATION'"
fi
(( secs >= 1 && secs <= 600 )) || die "BENCH_DURATION must be between 1s and 10m, got '$DURATION'"
DURATION="${secs}s"

# --- tools -----------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "bench: wrk not found, installing the Debian package" >&2
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; } \
      || die "could not install wrk"
  else
    die "wrk not found: install it with 'apt-get install -y wrk'"
  fi
fi
for tool in curl gzip brotli awk; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (apt-get install -y $tool)"
done

# --- is anything listening? --------------------------------------------------
if ! timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null; then
  die "nothing is listening on 127.0.0.1:$PORT; start the release server first (make bench does), or set BENCH_PORT"
fi

mkdir -p "$(dirname "$OUT")"
: >"$OUT"

TS="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
REV="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
# wrk 4.x: latency values carry a unit (us, ms, s, m, h); convert to ms.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v; sub(/[a-z]+$/, "", n); u = v; sub(/^[0-9.]+/, "", u);
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : (u == "h") ? 3600000 : -1;
    if (n == "" || f < 0) { print "null"; exit }
    printf "%.3f", n * f
  }'
}

json_str() { # minimal JSON string escaping for the values we emit
  local s="${1//\\/\\\\}"
  printf '"%s"' "${s//\"/\\\"}"
}

ROWS=()

# bench NAME URL HOST_HEADER
bench() {
  local name="$1" url="$2" host="$3"
  local status log
  status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Host: $host" "$url" || echo 000)"
  if [[ ! "$status" =~ ^[23] ]]; then
    echo "bench: warning: $name ($url, Host: $host) answered HTTP $status before the run" >&2
  fi

  echo "bench: $name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout 5s --latency -H 'Host: $host' $url" >&2
  log="$(mktemp)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency -H "Host: $host" "$url" >"$log" 2>&1 \
    || { cat "$log" >&2; rm -f "$log"; die "wrk failed for $name"; }

  local rps p50 p90 p99 requests non2xx errors
  rps="$(awk '/^Requests\/sec:/ { print $2 }' "$log")"
  p50="$(awk '/Latency Distribution/ { d = 1 } d && $1 == "50%" { print $2; exit }' "$log")"
  p90="$(awk '/Latency Distribution/ { d = 1 } d && $1 == "90%" { print $2; exit }' "$log")"
  p99="$(awk '/Latency Distribution/ { d = 1 } d && $1 == "99%" { print $2; exit }' "$log")"
  requests="$(awk '/ requests in / { print $1; exit }' "$log")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF; exit }' "$log")"
  # "Socket errors: connect 0, read 0, write 0, timeout 0" -> total
  errors="$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10; exit }' "$log")"
  [[ -n "$rps" && -n "$p50" && -n "$p99" ]] || { cat "$log" >&2; rm -f "$log"; die "could not parse wrk output for $name"; }
  rm -f "$log"

  local p50ms p90ms p99ms
  p50ms="$(to_ms "$p50")"; p90ms="$(to_ms "${p90:-}")"; p99ms="$(to_ms "$p99")"
  non2xx="${non2xx:-0}"; errors="${errors:-0}"
  if (( non2xx > 0 )); then
    echo "bench: warning: $name had $non2xx non-2xx/3xx responses; its numbers measure errors" >&2
  fi

  ROWS+=("$(printf '%-10s %12s %10s %10s %10s %10s %8s' "$name" "$rps" "$p50ms" "$p90ms" "$p99ms" "$non2xx" "$errors")")
  {
    printf '{"ts":%s,"rev":%s,"kind":"http","name":%s,"url":%s,"host":%s,' \
      "$(json_str "$TS")" "$(json_str "$REV")" "$(json_str "$name")" "$(json_str "$url")" "$(json_str "$host")"
    printf '"threads":%s,"connections":%s,"duration_s":%s,"requests":%s,"requests_per_sec":%s,' \
      "$THREADS" "$CONNECTIONS" "$secs" "${requests:-null}" "$rps"
    printf '"p50_ms":%s,"p90_ms":%s,"p99_ms":%s,"non_2xx_3xx":%s,"socket_errors":%s,"initial_status":%s}\n' \
      "$p50ms" "$p90ms" "$p99ms" "$non2xx" "$errors" "$status"
  } >>"$OUT"
}

BASE="http://127.0.0.1:$PORT"
# Loopback by address (no IPv4/IPv6 guessing for "localhost"); the Host
# header decides the tenant exactly as a browser's would.
bench landing "$BASE/" "localhost:$PORT"
bench login   "$BASE/login" "acme.localhost:$PORT"
bench healthz "$BASE/healthz" "localhost:$PORT"

echo
echo "HTTP (wrk -t$THREADS -c$CONNECTIONS -d$DURATION, latency in ms)"
printf '%-10s %12s %10s %10s %10s %10s %8s\n' endpoint req/s p50 p90 p99 non-2xx errors
printf '%-10s %12s %10s %10s %10s %10s %8s\n' ---------- ------------ ---------- ---------- ---------- ---------- --------
printf '%s\n' "${ROWS[@]}"

# --- bundle sizes -------------------------------------------------------------
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

echo
echo "Release bundle ($PKG_DIR, KB = 1024 bytes)"
printf '%-14s %10s %10s %10s\n' file raw gzip-9 brotli
printf '%-14s %10s %10s %10s\n' -------------- ---------- ---------- ----------
# The main chunk and its JS glue, under their content-hashed names
# (`hash-files`) or plain ones.
bundle_file() {
  local stem=$1 ext=$2 f
  for f in "$PKG_DIR/$stem.$ext" "$PKG_DIR"/"$stem".*."$ext" "$PKG_DIR/${stem}_bg.$ext"; do
    [[ -f "$f" ]] && { echo "$f"; return; }
  done
}
for file in lyceum.wasm lyceum.js; do
  path="$(bundle_file lyceum "${file##*.}")"
  if [[ -z "$path" ]]; then
    printf '%-14s %10s\n' "$file" "missing (build with: make build)"
    continue
  fi
  raw="$(wc -c <"$path")"
  gz="$(gzip -9 -c "$path" | wc -c)"
  br="$(brotli -c -q 11 "$path" | wc -c)"
  printf '%-14s %10s %10s %10s\n' "$file" "$(kb "$raw")" "$(kb "$gz")" "$(kb "$br")"
  printf '{"ts":%s,"rev":%s,"kind":"size","name":%s,"path":%s,"raw_bytes":%s,"gzip9_bytes":%s,"brotli_bytes":%s}\n' \
    "$(json_str "$TS")" "$(json_str "$REV")" "$(json_str "$file")" "$(json_str "$path")" "$raw" "$gz" "$br" >>"$OUT"
done

# What each lazy route adds on its first visit (`--split`: its chunk and the
# shared chunks it needs, from the split manifest), brotli.
manifest="$(ls "$PKG_DIR"/__wasm_split_manifest*.json 2>/dev/null | grep -v '\.\(br\|gz\)$' | head -n 1 || true)"
if [[ -n "$manifest" ]]; then
  echo
  echo "Lazy routes: what a first visit adds to the main chunk (brotli, KB)"
  python3 - "$manifest" "$PKG_DIR" <<'PY'
import json, subprocess, sys, os
manifest, pkg = sys.argv[1], sys.argv[2]
routes = json.load(open(manifest))
def br(name):
    data = open(os.path.join(pkg, name + ".wasm"), "rb").read()
    return len(subprocess.run(["brotli", "-c", "-q", "11"], input=data, capture_output=True).stdout)
sizes = {}
for route, chunks in sorted(routes.items()):
    total = sum(sizes.setdefault(c, br(c)) for c in chunks)
    name = route.strip("_").rsplit("_", 1)[0].replace("_route_view", "")
    print(f"  {name:<14} {total / 1024:8.1f}")
PY
fi
echo
echo "bench: results written to $OUT"
