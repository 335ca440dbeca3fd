#!/usr/bin/env bash
# CI smoke of the load tooling (about half a minute): the Python unit tests (adapter, shapes, report), then a
# 10 s steady run of one locust4j worker with 4 users (two on an unlimited internal key, one on a premium key
# pacing itself to its budget, one on a free key that ignores its budget until refused) against a service this
# script starts on free loopback ports, with a throwaway key store and 12 steps replayed from
# ../shared/data/los_speed_train.csv (or $ROADCAST_DATA/los_speed_train.csv).
# loadtest/run.sh fails it on any real failure or unless the clients' counts equal the service's exactly; then
# the free user must have been refused (429) and the service must have counted exactly those refusals.
# Needs service/target/roadcast.jar and loadtest/target/roadcast-loadtest.jar (mvn package).
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/python3 -m unittest discover -s loadtest/tests -t loadtest
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
app=$(free_port)
admin=$(free_port)
tmp=$(mktemp -d)
server=""
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
jar=service/target/roadcast.jar
data=${ROADCAST_DATA:-../shared/data}/los_speed_train.csv
[ -f "$data" ] || { echo "no $data (set ROADCAST_DATA to the directory holding it)" >&2; exit 1; }
props=("-Ddw.server.applicationConnectors[0].port=$app" "-Ddw.server.adminConnectors[0].port=$admin"
  "-Ddw.auth.keyStore=$tmp/keys.json" "-Ddw.history.dir=$tmp/history" "-Ddw.audit.file=$tmp/audit.log"
  "-Ddw.webhooks.dir=$tmp/webhooks")
key() { java "${props[@]}" -jar "$jar" keys create --name "$1" --tier "$2" --role "$3" config.yml | tail -1; }
ingest=$(key smoke-ingest internal ingest)
internal=$(key smoke-internal internal read)
premium=$(key smoke-premium premium read)
free=$(key smoke-free free read)

java -Xmx512m "${props[@]}" -jar "$jar" server config.yml > "$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
  /usr/bin/python3 loadtest/server_count.py "http://127.0.0.1:$admin" > /dev/null 2>&1 && break
  kill -0 "$server" || { cat "$tmp/server.log" >&2; exit 1; }
  sleep 1
done
java -jar "$jar" replay --csv "$data" --from 1300 --steps 12 --rate 0 \
  --url "http://127.0.0.1:$app" --key "$ingest" > "$tmp/replay.log"
ROADCAST_KEYS="internal:$internal:2,premium:$premium,free:$free" loadtest/run.sh steady --duration 10 --users 4 \
  --workers 1 --unpaced-tiers free --target "http://127.0.0.1:$app" --admin "http://127.0.0.1:$admin" \
  --out "$tmp/out" --max-requests 200000
/usr/bin/python3 - "$tmp/out/steady_summary.json" <<'CHECK'
import json, sys
free = json.load(open(sys.argv[1]))["count_check"]["refused_by_tier"].get("free")
if not free or free["clients"] == 0 or free["clients"] != free["service"]:
    sys.exit(f"smoke: the free user's refusals were not counted alike by clients and service: {free}")
print(f"smoke: free tier refused {free['clients']} times, as the service counted")
CHECK
