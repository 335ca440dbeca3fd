#!/usr/bin/env bash
# CI smoke of the load tooling (about half a minute): the Python unit tests (adapter, shapes, report), then a
# 10 s steady run of one locust4j worker with 4 users (two on an unlimited internal key, one on a premium key
# pacing itself to its budget, one on a free key that ignores its budget until refused) against a service this
# script starts (loadtest/local_service.sh).
# loadtest/run.sh fails it on any real failure or unless the clients' counts equal the service's exactly; then
# the free user must have been refused (429) and the service must have counted exactly those refusals.
# Needs service/target/roadcast.jar and loadtest/target/roadcast-loadtest.jar (mvn package).
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/python3 -m unittest discover -s loadtest/tests -t loadtest
# shellcheck source=loadtest/local_service.sh
. loadtest/local_service.sh
internal=$(key smoke-internal internal read)
premium=$(key smoke-premium premium read)
free=$(key smoke-free free read)
start_service
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
