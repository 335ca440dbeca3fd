#!/usr/bin/env bash
# How many instances one Redis serves: counts the Redis commands one request costs on each path
# (INFO commandstats around a bounded run against one real instance), then measures what this machine's
# Redis does per second for those same commands (redis-benchmark, the real Lua scripts). Bounded: a few
# hundred requests and 100k benchmark operations per command; loopback free ports; stops by itself.
# Figures and the arithmetic: docs/DEPLOYMENT.md ("How many instances one Redis serves").
#   deploy/redis-capacity.sh            (needs service/target/roadcast.jar, redis-server, curl, python3)
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$REPO/service/target/roadcast.jar"
[ -f "$JAR" ] || { echo "build first: mvn -B package" >&2; exit 1; }
WORK="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
RPORT="$(free_port)"; APORT="$(free_port)"; MPORT="$(free_port)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

redis-server --port "$RPORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" > "$WORK/redis.log" 2>&1 &
PIDS+=($!)
R() { redis-cli -p "$RPORT" "$@"; }
for _ in $(seq 50); do R ping > /dev/null 2>&1 && break; sleep 0.1; done

export REDIS_URL="redis://127.0.0.1:$RPORT/0" ROADCAST_PORT="$APORT" ROADCAST_ADMIN_PORT="$MPORT" \
  ROADCAST_MODEL_DIR="$REPO/models" ROADCAST_KEY_STORE="$WORK/keys.json" ROADCAST_AUDIT_LOG="$WORK/audit.log"
key() { java -jar "$JAR" keys create --name "$1" --tier "$2" --role admin "$REPO/config-prod.yml" 2>/dev/null | tail -1; }
LIMITED="$(key capacity-standard premium)"   # rate-limited tier: one permit script per request
UNLIMITED="$(key capacity-internal internal)"
java -Xmx512m -jar "$JAR" server "$REPO/config-prod.yml" > "$WORK/service.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$APORT/health/ready" > /dev/null && break; sleep 1; done

API="http://127.0.0.1:$APORT"
post() { curl -s -o /dev/null -w '%{http_code}\n' -X POST "$API$1" -H "X-API-Key: $2" -H 'Content-Type: application/json' -d "$3"; }
steps() {  # Los-loop rows $1.. as one-step bodies
  python3 - "$REPO/../shared/data/los_speed_train.csv" "$1" "$2" <<'PY'
import csv, json, sys, datetime
rows = list(csv.reader(open(sys.argv[1])))
ids, start, n = rows[0], int(sys.argv[2]), int(sys.argv[3])
t0 = datetime.datetime.fromisoformat("2012-03-01T00:00:00-08:00")
for r in range(start, start + n):
    speeds = {i: float(v) for i, v in zip(ids, rows[1 + r])}
    print(json.dumps({"observations": [{"timestamp": (t0 + datetime.timedelta(minutes=5 * r)).isoformat(), "speeds": speeds}]}))
PY
}
stats() { R info commandstats | tr -d '\r' | sed -n 's/^cmdstat_\([a-z|_]*\):calls=\([0-9]*\).*/\1 \2/p' | sort; }
# Per-request command counts between two snapshots: "command calls/request ..."
per_request() {
  join -a 2 -e 0 -o 0,1.2,2.2 <(echo "$1") <(echo "$2") |
    awk -v n="$3" '{d=$3-$2; if (d>0) {printf "%s=%.2f ", $1, d/n; t+=d}} END {printf "| total %.2f per request\n", t/n}'
}
measure() {  # $1 label, $2 count, then the command that sends one request ($i is its index)
  local label="$1" n="$2"; shift 2
  local before after
  before="$(stats)"
  for i in $(seq 1 "$n"); do "$@" "$i" > /dev/null; done
  after="$(stats)"
  printf '%-40s %s\n' "$label ($n requests)" "$(per_request "$before" "$after" "$n")"
}

steps 1400 12 | while read -r body; do post /v1/observations "$UNLIMITED" "$body" > /dev/null; done
post /v1/predict "$UNLIMITED" '{"horizons":[3,6,9,12]}' > /dev/null   # the one miss that fills the cache
NODES=($(head -1 "$REPO/../shared/data/los_speed_train.csv" | tr ',' ' '))
hit_unlimited() { post /v1/predict "$UNLIMITED" '{"horizons":[3,6,9,12]}'; }
hit_limited() { post /v1/predict "$LIMITED" '{"horizons":[3,6,9,12]}'; }
miss() { post /v1/predict "$UNLIMITED" "{\"horizons\":[1],\"nodes\":[\"${NODES[$(( $1 % ${#NODES[@]} ))]}\"]}"; }
node_page() { curl -s -o /dev/null "$API/v1/nodes?offset=$(( $1 % 180 ))&limit=20" -H "X-API-Key: $UNLIMITED"; }
steps 1412 100 > "$WORK/ingest.jsonl"
ingest() { post /v1/observations "$UNLIMITED" "$(sed -n "${1}p" "$WORK/ingest.jsonl")"; }

echo "== Redis commands per request (INFO commandstats, one instance on config-prod.yml) =="
measure "forecast, cache hit, internal tier" 200 hit_unlimited
measure "forecast, cache hit, premium tier" 90 hit_limited
measure "forecast, cache miss (new request)" 150 miss
measure "node page" 100 node_page
measure "ingest one step (then misses)" 100 ingest

echo "== This machine's Redis, same commands (redis-benchmark -n 100000 -c 50, real scripts) =="
lua() { cat "$REPO/service/src/main/resources/com/roadcast/$1"; }
R set roadcast:bench:answer "$(head -c 2000 /dev/zero | tr '\0' x)" > /dev/null
bench() { printf '%-34s ' "$1"; shift; redis-benchmark -p "$RPORT" -n 100000 -c 50 -q "$@" | tr '\r' '\n' | sed -n 's/.*: \([0-9.]*\) requests per second.*/\1 ops\/s/p' | tail -1; }
bench "EVALSHA take-permit" evalsha "$(R script load "$(lua ratelimit/take-permit.lua)")" 1 roadcast:bench:permit:__rand_int__ 60000
bench "EVALSHA get-or-lock (hit)" evalsha "$(R script load "$(lua cache/get-or-lock.lua)")" 2 roadcast:bench:answer roadcast:bench:lock 1000
bench "GET (2 KB)" get roadcast:bench:answer
bench "PING (round-trip floor)" ping
