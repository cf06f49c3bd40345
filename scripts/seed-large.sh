#!/usr/bin/env bash
# `make seed-large`: a large, realistic catalog for benchmarks.
#
#   bigco                 BigCo Academy, 100,000 courses, 40 instructors, 8 top-level categories
#   small-01 .. small-20  2,000-5,000 courses each, 3-10 instructors, 3-5 top-level categories
#
# Re-running replaces exactly these tenants; the demo tenants (acme, globex,
# the platform) and everything else are left alone. The generation itself is
# set-based SQL (scripts/seed-large.sql) run through psql as the schema owner.
#
# DATABASE_URL (owner role) selects the database; without it the local one from
# scripts/db.sh is used. The server binary ($SERVER, default the release build)
# applies the migrations first when it exists.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${DATABASE_URL:-}" ]; then
  eval "$(scripts/db.sh up lyceum)"
fi
command -v psql >/dev/null || { echo "seed-large: psql not found (apt-get install postgresql-client)" >&2; exit 1; }

SERVER=${SERVER:-${CARGO_TARGET_DIR:-target}/release/lyceum-server}
if [ -x "$SERVER" ]; then
  echo "==> migrating with $SERVER"
  "$SERVER" migrate >/dev/null
else
  echo "==> $SERVER not found: assuming the database is already migrated" >&2
fi

psql_() { psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 "$@"; }

if [ "$(psql_ -Atc "select to_regclass('public.course') is not null")" != t ]; then
  echo "seed-large: no course table; migrate first ($SERVER migrate)" >&2
  exit 1
fi

now() { echo "${EPOCHREALTIME:-$(date +%s.%N)}"; }
start=$(now)
echo "==> generating bigco and small-01..small-20 (replacing any previous run)"
psql_ -f scripts/seed-large.sql
generated=$(now)
echo "==> vacuum analyze (flushes the GIN pending lists, fresh planner statistics)"
# course is rewritten compactly: the replaced run's rows leave no holes, so
# the benchmark reads the same layout after every run.
psql_ -c "vacuum (full, analyze) course"
psql_ -c "vacuum (analyze) tenant, app_user, category, course_category, search_term"
end=$(now)

psql_ -P footer=off <<'SQL'
select t.subdomain as tenant, t.name,
       (select count(*) from app_user u where u.tenant_id = t.tenant_id and u.persona = 'instructor') as instructors,
       (select count(*) from category c where c.tenant_id = t.tenant_id) as categories,
       count(c.course_id) as courses,
       count(c.course_id) filter (where c.status = 'published') as published
from tenant t
left join course c on c.tenant_id = t.tenant_id
where t.subdomain = 'bigco' or t.subdomain ~ '^small-[0-9]{2}$'
group by t.tenant_id, t.subdomain, t.name
order by t.subdomain;
select count(distinct c.tenant_id) as tenants, count(*) as courses_total
from course c join tenant t using (tenant_id)
where t.subdomain = 'bigco' or t.subdomain ~ '^small-[0-9]{2}$';
SQL

awk -v a="$start" -v b="$generated" -v c="$end" \
  'BEGIN { printf "Generated in %.1f s (+ %.1f s vacuum analyze): %.1f s in all.\n", b - a, c - b, c - a }'
echo "Every generated account's password is \`lyceum-demo\` (e.g. admin@bigco.test)."
echo "Try it: http://bigco.localhost:3000/courses"
