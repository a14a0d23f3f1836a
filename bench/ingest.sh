#!/usr/bin/env bash
# Issue 11's ingest row: GENERIC triggers over 1,000 dedup keys (mostly duplicates), 32 connections, 20 s, driven by
# wrk against the packaged Klaxon — and, in the same run against the same PostgreSQL, pgbench's single-row upsert
# over 1,000 keys with 32 clients. Prints accepted/s, pgbench tps and their ratio.
#
# Build first: ./mvnw -B package -DskipTests. Needs wrk (Debian package `wrk`), pgbench, psql, curl, jq and a local
# PostgreSQL that user postgres reaches on 127.0.0.1:5432 without a password (as the tests do).
# Settings (environment): PORT (18500), MANAGEMENT_PORT (PORT+1), SECONDS_RUN (20), CONNECTIONS (32), KEYS (1000),
# DB (klaxon_ingest_bench; dropped and recreated), APP (target/quarkus-app; another build's app directory measures
# that build, e.g. a copy of main's for "before"), JAVA_OPTS (extra JVM flags for Klaxon, e.g. a JFR recording).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18500}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-$((PORT + 1))}
SECONDS_RUN=${SECONDS_RUN:-20}
CONNECTIONS=${CONNECTIONS:-32}
KEYS=${KEYS:-1000}
DB=${DB:-klaxon_ingest_bench}
PGHOST=${PGHOST:-127.0.0.1}
PGUSER=${PGUSER:-postgres}
export PGHOST PGUSER
TOKEN=bench-admin-token
BASE=http://127.0.0.1:$PORT
APP=${APP:-target/quarkus-app}
OUT=target/ingest-bench
mkdir -p "$OUT"

[ -f "$APP/quarkus-run.jar" ] || { echo "build first: ./mvnw -B package -DskipTests" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

# storm limits off: the rate limit per integration and the open-alert cap would measure refusals, not ingest
KLAXON_PID=
stop_klaxon() {
    if [ -n "$KLAXON_PID" ] && kill -0 "$KLAXON_PID" 2>/dev/null; then
        kill "$KLAXON_PID"
        wait "$KLAXON_PID" 2>/dev/null || true
    fi
    KLAXON_PID=
}
trap stop_klaxon EXIT
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:5432/$DB" QUARKUS_DATASOURCE_USERNAME=$PGUSER \
QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=$MANAGEMENT_PORT QUARKUS_LOG_LEVEL=WARN \
KLAXON_BOOTSTRAP_ADMIN_TOKEN=$TOKEN KLAXON_PUBLIC_URL=$BASE \
KLAXON_INGEST_RATE_LIMIT_EVENTS_PER_MINUTE=0 KLAXON_INGEST_MAX_OPEN_ALERTS_PER_SERVICE=$((KEYS * 2)) \
    java ${JAVA_OPTS:-} -jar "$APP/quarkus-run.jar" >"$OUT/klaxon.log" 2>&1 &
KLAXON_PID=$!
for _ in $(seq 1 360); do
    curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$KLAXON_PID" 2>/dev/null || { echo "Klaxon exited; see $OUT/klaxon.log" >&2; exit 1; }
    sleep 0.25
done

api() { curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$2" "$BASE/api/v1/$1"; }
field() { jq -r ".$1"; }
user=$(api users '{"name":"Bench","email":"bench@bench.example"}' | field id)
policy=$(api escalation-policies "{\"name\":\"bench\",\"steps\":[{\"delay\":\"PT30M\",\"targets\":[{\"type\":\"USER\",\"id\":\"$user\"}]}]}" | field id)
service=$(api services "{\"name\":\"bench\",\"escalationPolicyId\":\"$policy\"}" | field id)
key=$(api "services/$service/integrations" '{"type":"GENERIC","name":"bench"}' | field key)

cat >"$OUT/triggers.lua" <<EOF
-- one GENERIC trigger per request, dedup key drawn from $KEYS: after the first few thousand, nearly all duplicates
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  accepted = 0; other = 0
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
function request()
  local k = math.random(1, $KEYS)
  return wrk.format("POST", "/hooks/$key", {["Content-Type"] = "application/json"},
    '{"action":"trigger","dedupKey":"bench-' .. k .. '","summary":"bench alert ' .. k .. '","severity":"warning"}')
end
function response(status, headers, body)
  if status == 202 then accepted = accepted + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local a, o = 0, 0
  for _, t in ipairs(threads) do a = a + t:get("accepted"); o = o + t:get("other") end
  io.write(string.format("RESULT accepted=%d other=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f\n", a, o,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
EOF
# priming: every key once, so the measured run is the steady state of the issue ("mostly duplicates"); creating the
# 1,000 alerts (each paged through its policy) is not what the row measures
cat >"$OUT/prime.lua" <<EOF
local n = 0
function init(args) n = tonumber(args[1]) end
function request()
  n = n % $KEYS + 1
  return wrk.format("POST", "/hooks/$key", {["Content-Type"] = "application/json"},
    '{"action":"trigger","dedupKey":"bench-' .. n .. '","summary":"bench alert ' .. n .. '","severity":"warning"}')
end
EOF
for _ in $(seq 1 30); do
    [ "$(psql -Atq -d "$DB" -c "SELECT count(*) FROM alert")" -ge "$KEYS" ] && break
    wrk -t1 -c8 -d3s -s "$OUT/prime.lua" "$BASE" -- "$((RANDOM % KEYS))" >/dev/null
done
echo "primed: $(psql -Atq -d "$DB" -c "SELECT count(*) FROM alert") open alerts"
# warm-up (JIT, pools): 5 s, not counted
wrk -t2 -c"$CONNECTIONS" -d5s -s "$OUT/triggers.lua" "$BASE" >"$OUT/wrk-warmup.txt"
echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
# where the machine's CPU goes during the measured run: Klaxon's JVM, PostgreSQL (every postgres process on the
# machine, so other databases' work counts too), the load generator; and what PostgreSQL did for this database
ticks() { local s=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && s=$((s + $(sed 's/.*) //' "/proc/$p/stat" | awk '{print $12 + $13}'))); done; echo "$s"; }
children() { tail -1 "$1" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); t += a[1] * 60 + a[2] } print t }'; }
busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
dbstats() { psql -Atq -d "$DB" -c "SELECT d.xact_commit, t.n_tup_upd, t.n_tup_hot_upd FROM pg_stat_database d, pg_stat_user_tables t WHERE d.datname = current_database() AND t.relname = 'alert'"; }
pg_before=$(ticks $(pgrep -x postgres)); jvm_before=$(ticks "$KLAXON_PID"); all_before=$(busy); db_before=$(dbstats)
times >"$OUT/times-before.txt" # this shell's finished children: the difference is wrk's CPU
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency -s "$OUT/triggers.lua" "$BASE" | tee "$OUT/wrk.txt"
times >"$OUT/times-after.txt"
pg_after=$(ticks $(pgrep -x postgres)); jvm_after=$(ticks "$KLAXON_PID"); all_after=$(busy)
sleep 1 # the statistics collector reports with a delay
db_after=$(dbstats)
awk -v j=$((jvm_after - jvm_before)) -v p=$((pg_after - pg_before)) -v a=$((all_after - all_before)) \
    -v w="$(children "$OUT/times-before.txt") $(children "$OUT/times-after.txt")" -v d0="$db_before" -v d1="$db_after" 'BEGIN {
    split(w, ww, " "); split(d0, x, "|"); split(d1, y, "|")
    printf "CPU seconds in the run: machine %.1f, Klaxon JVM %.1f, PostgreSQL %.1f, wrk %.1f\n", a / 100, j / 100, p / 100, ww[2] - ww[1]
    printf "PostgreSQL, this database: %d commits, %d alert row updates (%d HOT)\n", y[1] - x[1], y[2] - x[2], y[3] - x[3] }' \
    | tee "$OUT/cpu.txt"
stop_klaxon
psql -q -d "$DB" -c "SELECT count(*) AS alerts FROM alert" -c "SELECT count(*) AS timeline_rows FROM alert_log" >"$OUT/db-after.txt" || true

psql -q -d "$DB" -c "DROP TABLE IF EXISTS bench_upsert" -c "CREATE TABLE bench_upsert (k int PRIMARY KEY, n bigint NOT NULL)"
cat >"$OUT/upsert.sql" <<EOF
\set k random(1, $KEYS)
INSERT INTO bench_upsert AS t (k, n) VALUES (:k, 1) ON CONFLICT (k) DO UPDATE SET n = t.n + 1;
EOF
echo "load before pgbench: $(cut -d' ' -f1-3 /proc/loadavg)"
all_before=$(busy); times >"$OUT/times-before.txt"
pgbench -n -c "$CONNECTIONS" -j 2 -T "$SECONDS_RUN" -f "$OUT/upsert.sql" "$DB" | tee "$OUT/pgbench.txt"
times >"$OUT/times-after.txt"; all_after=$(busy)
awk -v a=$((all_after - all_before)) -v w="$(children "$OUT/times-before.txt") $(children "$OUT/times-after.txt")" 'BEGIN {
    split(w, ww, " "); printf "CPU seconds in the pgbench run: machine %.1f, pgbench %.1f\n", a / 100, ww[2] - ww[1] }' \
    | tee -a "$OUT/cpu.txt"

accepted=$(sed -nE 's/^RESULT accepted=([0-9]+) .*/\1/p' "$OUT/wrk.txt")
other=$(sed -nE 's/^RESULT .*other=([0-9]+) .*/\1/p' "$OUT/wrk.txt")
secs=$(sed -nE 's/^RESULT .*seconds=([0-9.]+) .*/\1/p' "$OUT/wrk.txt")
tps=$(sed -nE 's/^tps = ([0-9.]+) .*/\1/p' "$OUT/pgbench.txt" | head -1)
echo
echo "app $APP, worktree at $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo '+changes'), $(nproc) cores, $(java -version 2>&1 | head -1)"
awk -v a="$accepted" -v o="$other" -v s="$secs" -v t="$tps" -v c="$CONNECTIONS" -v k="$KEYS" 'BEGIN {
    printf "ingest: %.0f accepted/s (%d accepted, %d other answers, %.1f s, %d connections, %d keys)\n", a / s, a, o, s, c, k
    printf "pgbench upsert: %.0f tps\nratio: %.2fx\n", t, (a / s) / t }'
cat "$OUT/cpu.txt" "$OUT/db-after.txt"
