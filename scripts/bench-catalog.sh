#!/usr/bin/env bash
# Catalog benchmark: the 100k-course tenant (`make seed-large`) served by the
# release build on loopback. For four pages it reports throughput and
# p50/p95/p99 under load (wrk), then the SQL share of each (the server's
# `Server-Timing: db;dur=` header, sampled sequentially), so the cost of
# rendering is visible. Repeating one URL measures the cached path (facet
# counts and result pages are cached until the next catalog write);
# `search-mix`, `search-cold` and `search-pairs` vary the query so nothing
# is cached.
#
# Cache expiry is part of every cell: a cell runs longer than the cache's
# time to live (`make bench-catalog` starts the server with
# CATALOG_CACHE_TTL_SECS=10 and BENCH_DURATION=25s, so each cell sees two
# expiries of every entry it uses; production keeps 60 s), and p99 and the
# maximum are reported beside p95, where expiry stalls show.
#
#   BENCH_PORT (3000)  BENCH_DURATION (25s)  BENCH_CONNECTIONS (8, and 32)
#   BENCH_TENANT (bigco)  BENCH_SAMPLES (200)
#   BENCH_ONLY: the load runs to make, e.g. "search-mix" (default: all),
#   and then no SQL-time samples.
#
# Assumes the server is listening on BENCH_PORT (`make bench-catalog` starts it).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PORT:-3000}
DURATION=${BENCH_DURATION:-25s}
TENANT=${BENCH_TENANT:-bigco}
SAMPLES=${BENCH_SAMPLES:-200}
HOST="$TENANT.localhost:$PORT"
BASE="http://127.0.0.1:$PORT"
OUT=target/bench/catalog.jsonl
mkdir -p target/bench
: >"$OUT"

command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }
curl -fsS -o /dev/null -H "Host: $HOST" "$BASE/courses" \
  || { echo "no catalog at $HOST (run make seed-large first)" >&2; exit 1; }

# A real course and a two-word query that matches a fair share of the tenant.
psql_owner() { psql "${DATABASE_URL:?DATABASE_URL (owner) must be set}" -qAtc "$1"; }
SLUG=$(psql_owner "select c.slug from course c join tenant t using (tenant_id) where t.subdomain = '$TENANT' and c.status = 'published' order by c.course_id limit 1")
COURSES=$(psql_owner "select count(*) from course c join tenant t using (tenant_id) where t.subdomain = '$TENANT'")

declare -A URLS=(
  [catalog]="/courses"
  [search]="/courses?q=python+data"
  [facets]="/courses?q=python+data&level=beginner&language=en&price=over_50"
  [course]="/courses/$SLUG"
  # The ceiling: the same tenant lookup, transaction and first-page search
  # as /courses, written by a bare axum handler with a string template
  # (server/src/routes/bench.rs; the server runs with LYCEUM_BENCH_BASELINE=1).
  [baseline]="/__bench/courses"
)
ORDER=(catalog search facets course)
read -r -a LOAD <<<"${BENCH_ONLY:-catalog baseline search search-mix facets course}"
declare -A RPS=()

LUA=$(mktemp --suffix .lua)
MIX=$(mktemp --suffix .lua)
# `search-mix`: every request a search nobody made before, so neither the
# page cache nor the facet-count cache helps. The searches are what visitors
# type: two and three adjacent words of the tenant's own published titles
# ("data wrangling", "google cloud for"), and each of them once more with a
# typo (two letters swapped, as in "pyhton"), in a fixed shuffled order.
# Every run starts where the previous one stopped, so no search repeats.
QUERIES=$(mktemp)
trap 'rm -f "$LUA" "$MIX" "$QUERIES"' EXIT
psql_owner "
  with t as (select regexp_split_to_array(lower(c.title), '[^[:alnum:]]+') as w
               from course c join tenant using (tenant_id)
              where subdomain = '$TENANT' and c.status = 'published'),
  grams as (select distinct array_to_string(w[i:i + len - 1], ' ') as q
              from t, generate_series(2, 3) len, generate_series(1, cardinality(w) - len + 1) i
             where (select bool_and(char_length(x) >= 3) from unnest(w[i:i + len - 1]) x)),
  typos as (select q from grams
            union all
            select overlay(q placing substr(q, 3, 1) || substr(q, 2, 1) from 2 for 2) from grams)
  select replace(q, ' ', '+') from typos order by md5(q)" >"$QUERIES"
cat >"$MIX" <<'LUA'
local threads = 0
setup = function(thread) thread:set("id", threads); threads = threads + 1 end
local queries, first, i = {}, 0, 0
init = function(args)
  for line in io.lines(args[1]) do queries[#queries + 1] = line end
  first = tonumber(args[2])
end
request = function()
  local n = first + id + 2 * i  -- two wrk threads interleave
  i = i + 1
  return wrk.format("GET", "/courses?q=" .. queries[n % #queries + 1])
end
LUA
cat >"$LUA" <<'LUA'
done = function(summary, latency, requests)
  local s = summary.duration / 1e6
  io.write(string.format("RESULT %.1f %.2f %.2f %.2f %.2f %d %d\n",
    summary.requests / s, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.errors.status + summary.errors.timeout,
    summary.requests))
end
LUA
sed -n '/^done = /,$p' "$LUA" >>"$MIX"

printf '\nCatalog benchmark: tenant %s (%s courses), release build, loopback, wrk %s per run\n' "$TENANT" "$COURSES" "$DURATION"
printf '%-10s %5s %10s %9s %9s %9s %9s %7s\n' page conns req/s p50_ms p95_ms p99_ms max_ms errors
mixed=0
for name in "${LOAD[@]}"; do
  for conns in ${BENCH_CONNECTIONS:-8 32}; do
    if [ "$name" = search-mix ]; then script=$MIX; url=/courses; else script=$LUA; url=${URLS[$name]}; fi
    line=$(wrk -t2 -c"$conns" -d"$DURATION" --timeout 5s -s "$script" -H "Host: $HOST" "$BASE$url" -- "$QUERIES" "$mixed" | grep '^RESULT')
    read -r _ rps p50 p95 p99 max bad total <<<"$line"
    if [ "$name" = search-mix ]; then
      mixed=$(( mixed + total ))
      [ "$mixed" -le "$(wc -l <"$QUERIES")" ] || echo "  (search-mix ran out of distinct searches: later ones repeat)"
    fi
    printf '%-10s %5s %10s %9s %9s %9s %9s %7s\n' "$name" "$conns" "$rps" "$p50" "$p95" "$p99" "$max" "$bad"
    RPS[$name/$conns]=$rps
    printf '{"kind":"http","name":"%s","connections":%s,"rps":%s,"p50_ms":%s,"p95_ms":%s,"p99_ms":%s,"max_ms":%s,"errors":%s,"requests":%s}\n' \
      "$name" "$conns" "$rps" "$p50" "$p95" "$p99" "$max" "$bad" "$total" >>"$OUT"
  done
done

for conns in ${BENCH_CONNECTIONS:-8 32}; do
  if [ -n "${RPS[catalog/$conns]:-}" ] && [ -n "${RPS[baseline/$conns]:-}" ]; then
    ratio=$(awk -v a="${RPS[catalog/$conns]}" -v b="${RPS[baseline/$conns]}" 'BEGIN { printf "%.2f", a / b }')
    printf 'catalog page / bare baseline at %s connections: %s\n' "$conns" "$ratio"
    printf '{"kind":"ratio","name":"catalog/baseline","connections":%s,"ratio":%s}\n' "$conns" "$ratio" >>"$OUT"
  fi
done

# SQL time per page, one request at a time (the cache of facet counts is
# warm after the load above, as it is in steady state; `search-cold` below
# varies the query so every request computes its counts).
percentiles() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- - -"; exit }
  printf "%.2f %.2f %.2f\n", v[int(NR * 0.50 + 0.5)], v[int(NR * 0.95 + 0.5)], v[int(NR * 0.99 + 0.5)] }'; }
sample() { # URL-generator-name
  for i in $(seq 1 "$SAMPLES"); do
    curl -s -o /dev/null -D - -H "Host: $HOST" "$BASE$($1 "$i")" | tr -d '\r' | awk -F'dur=' '/^server-timing:/ { print $2 }'
  done
}
fixed() { echo "${URLS[$CURRENT]}"; }
WORDS=(python data rust web design marketing finance cloud security leadership testing music)
cold() { echo "/courses?q=${WORDS[$(( $1 % 12 ))]}+${WORDS[$(( ($1 / 12) % 12 ))]}&level=$([ $(( $1 % 2 )) = 0 ] && echo beginner || echo advanced)&rating=&x=$1"; }

[ -z "${BENCH_ONLY:-}" ] || { echo "results: $OUT"; exit 0; }
printf '\nSQL time per request (Server-Timing db;dur, %s sequential requests)\n' "$SAMPLES"
printf '%-12s %9s %9s %9s\n' page p50_ms p95_ms p99_ms
for CURRENT in "${ORDER[@]}"; do
  read -r p50 p95 p99 <<<"$(sample fixed | percentiles)"
  printf '%-12s %9s %9s %9s\n' "$CURRENT" "$p50" "$p95" "$p99"
  printf '{"kind":"sql","name":"%s","p50_ms":%s,"p95_ms":%s,"p99_ms":%s}\n' "$CURRENT" "$p50" "$p95" "$p99" >>"$OUT"
done
read -r p50 p95 p99 <<<"$(SAMPLES=$(( SAMPLES < 144 ? SAMPLES : 144 )) sample cold | percentiles)"
printf '%-12s %9s %9s %9s\n' search-cold "$p50" "$p95" "$p99"
printf '{"kind":"sql","name":"search-cold","p50_ms":%s,"p95_ms":%s,"p99_ms":%s}\n' "$p50" "$p95" "$p99" >>"$OUT"
# The hard cases: every pair of 30 topic words, broad ones included
# ("learning design" matches a quarter of the tenant, "learning learning"
# most of it), one at a time, none of them made before.
PAIRS=(python data rust web design marketing finance cloud security leadership testing music javascript
  react sql docker kubernetes excel photography writing sales statistics machine learning networking
  linux java career api analysis)
pair() { echo "/courses?q=${PAIRS[$(( ($1 - 1) % 30 ))]}+${PAIRS[$(( ($1 - 1) / 30 ))]}"; }
read -r p50 p95 p99 <<<"$(SAMPLES=900 sample pair | percentiles)"
printf '%-12s %9s %9s %9s\n' search-pairs "$p50" "$p95" "$p99"
printf '{"kind":"sql","name":"search-pairs","p50_ms":%s,"p95_ms":%s,"p99_ms":%s}\n' "$p50" "$p95" "$p99" >>"$OUT"
echo "results: $OUT"
