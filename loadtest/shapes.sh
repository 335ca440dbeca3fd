#!/usr/bin/env bash
# The four shapes (steady, step, spike, double-wave) one after the other, each for --duration seconds (default
# 60) with --users at the peak (default 40) on two locust4j workers, against one instance this script starts
# on its embedded defaults (loadtest/local_service.sh: the budgets of config.yml, in-process limits). Users hold
# keys of four tiers, one key each, dealt by weight: free 1, standard 1, premium 1, internal 5 (so at the peak
# 5 users share each limited key and 25 the unlimited one); every user pauses at least --think-ms (default 100)
# after each answer and paces itself to its key's budget. Each run is judged as loadtest/run.sh judges it
# (real failures, exact counts against the service's) and by the soak's latency and availability targets. A
# 20 s steady run first warms the instance up (its just-in-time compiler); it is neither kept nor judged.
# Writes each scenario's CSVs, chart and summary to --out (default docs/loadtest).
#
#   loadtest/shapes.sh [--duration S] [--users N] [--think-ms MS] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
duration=60 users=40 think_ms=100 out=docs/loadtest
while [ $# -ge 2 ]; do
  case $1 in --duration | --users | --think-ms | --out) printf -v "$(tr - _ <<< "${1#--}")" %s "$2" ;; *) usage ;; esac
  shift 2
done
[ $# -eq 0 ] || usage
# shellcheck source=loadtest/local_service.sh
. loadtest/local_service.sh
keys="free:$(key shapes-free free read),standard:$(key shapes-standard standard read)"
keys+=",premium:$(key shapes-premium premium read),internal:$(key shapes-internal internal read):5"
start_service
ROADCAST_KEYS=$keys loadtest/run.sh steady --duration 20 --users "$users" --workers 2 --think-ms "$think_ms" \
  --target "http://127.0.0.1:$app" --admin "http://127.0.0.1:$admin" --out "$tmp/warm-up" > /dev/null || true
status=0
for scenario in steady step spike double-wave; do
  ROADCAST_KEYS=$keys loadtest/run.sh "$scenario" --duration "$duration" --users "$users" --workers 2 \
    --think-ms "$think_ms" --target "http://127.0.0.1:$app" --admin "http://127.0.0.1:$admin" --out "$out" \
    --targets availability=0.999,p95_ms=200,p99_ms=500 || status=1
done
exit $status
