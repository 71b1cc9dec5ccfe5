#!/usr/bin/env bash
# `make test` with PostgreSQL: the SQLite pass and the PostgreSQL pass run side by side, one
# process each (the 2-core CI machine gives each a core). The browser tests run once, in the
# SQLite pass; the long runs (SLOW_TESTS) and the PostgreSQL drills in the PostgreSQL pass. Each
# pass writes its own log (var/test-logs/), shown whole when both have ended; a progress line
# every minute says how far each has come. The exit status fails if either pass failed.
set -uo pipefail
cd "$(dirname "$0")/.."
logs=var/test-logs
mkdir -p "$logs"
rm -f "$logs"/sqlite.log "$logs"/postgres.log

# The two passes never share a Redis database (the drills' rate limits and sessions).
redis="${TEST_REDIS_URL:-redis://127.0.0.1:6379/5}"
redis_sqlite="${redis%/*}/$(( ${redis##*/} + 1 ))"

# Each pass's skips say where the other pass runs what it leaves out.
TEST_REDIS_URL="$redis_sqlite" SLOW_TESTS_ELSEWHERE="${SLOW_TESTS:-0}" \
  make --no-print-directory test-sqlite >"$logs/sqlite.log" 2>&1 &
sqlite_pid=$!
TEST_REDIS_URL="$redis" PG_BROWSER_TESTS=0 BROWSER_TESTS_ELSEWHERE="${BROWSER_TESTS:-0}" \
  make --no-print-directory test-postgres \
  >"$logs/postgres.log" 2>&1 &
postgres_pid=$!
trap 'kill $sqlite_pid $postgres_pid 2>/dev/null' INT TERM

progress() {  # the last "[ NN%]" pytest printed in a log, or "starting"
  local p
  p=$(grep -o '\[ *[0-9]*%\]' "$1" 2>/dev/null | tail -1 | tr -d '[] ')
  echo "${p:-starting}"
}

start=$SECONDS
while kill -0 $sqlite_pid 2>/dev/null || kill -0 $postgres_pid 2>/dev/null; do
  sleep 5
  if (( (SECONDS - start) % 60 < 5 )); then
    echo "== $(( (SECONDS - start) / 60 )) min: SQLite $(progress "$logs/sqlite.log"), PostgreSQL $(progress "$logs/postgres.log")"
  fi
done
wait $sqlite_pid; sqlite_rc=$?
wait $postgres_pid; postgres_rc=$?

cat "$logs/sqlite.log" "$logs/postgres.log"
echo "== SQLite pass: exit $sqlite_rc; PostgreSQL pass: exit $postgres_rc ($(( SECONDS - start )) s for both)"
exit $(( sqlite_rc != 0 || postgres_rc != 0 ))
