#!/usr/bin/env bash
# Runs one load-test scenario against a Roadcast service already running on this machine (loopback only): a
# headless Locust 2.12 master (loadtest/locustfile.py, with the locust4j adapter) and W locust4j workers
# (loadtest/target/roadcast-loadtest.jar). Writes Locust's CSVs, a PNG chart and a summary into docs/loadtest/
# (or --out), prints the summary, and fails only on real failures (5xx, I/O errors, timeouts, wrong bodies) or
# when the clients' exact counts (each worker's ledger) and the service's own counters disagree.
#
#   ROADCAST_KEYS=standard:KEY,premium:KEY loadtest/run.sh SCENARIO [--duration S] [--users N] [--workers W]
#       [--think-ms MS] [--unpaced-tiers T[,T]] [--target URL] [--admin URL|none] [--out DIR] [--max-requests N]
#       [--targets availability=A,p95_ms=N,p99_ms=N] [--ramp S]
#
# SCENARIO is steady, step, spike, double-wave or soak (steady at the peak; see loadtest/soak.sh). Defaults: 60 s, 40 users at the peak, 2 workers, a think
# time of at least 0 ms, --target http://127.0.0.1:8080, --admin http://127.0.0.1:8081, --out docs/loadtest,
# 2000000 requests. ROADCAST_KEYS: API keys with the read role, tier:key[:weight], tiers as created; users are
# dealt keys by weight (default 1 each). Users pace themselves to their key's budget (RateLimit headers) and
# wait as Retry-After says; users of an --unpaced-tiers tier ignore budgets until refused. --admin none skips the
# count check (when the service's counters cannot add up, e.g. across a restart); --targets then judge the run.
# --ramp S: users join over the first S seconds of the duration, step by step (default 0: all at once).
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
scenario=$1
shift
duration=60 users=40 workers=2 think_ms=0 out=docs/loadtest max_requests=2000000 unpaced="" targets="" ramp=0
target=http://127.0.0.1:8080 admin=http://127.0.0.1:8081
while [ $# -ge 2 ]; do
  case $1 in
    --duration) duration=$2 ;;
    --users) users=$2 ;;
    --workers) workers=$2 ;;
    --think-ms) think_ms=$2 ;;
    --unpaced-tiers) unpaced=$2 ;;
    --target) target=$2 ;;
    --admin) admin=$2 ;;
    --out) out=$2 ;;
    --max-requests) max_requests=$2 ;;
    --targets) targets=$2 ;;
    --ramp) ramp=$2 ;;
    *) usage ;;
  esac
  shift 2
done
[ $# -eq 0 ] || usage
case $scenario in steady | step | spike | double-wave | soak) ;; *) usage ;; esac
: "${ROADCAST_KEYS:?set ROADCAST_KEYS=tier:key[,tier:key...] (keys with the read role)}"

jar=loadtest/target/roadcast-loadtest.jar
[ -f "$jar" ] || mvn -B -q -pl loadtest -DskipTests package
runs=loadtest/target/runs/$scenario
prefix=$out/$scenario
mkdir -p "$runs" "$out"
rm -f "$prefix"_*.csv "$runs"/*.log "$runs"/*.json
master_port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

cpu_jiffies() { awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8, $5+$6}' /proc/stat; }  # all, idle + iowait
read -r cpu_all_before cpu_idle_before <<< "$(cpu_jiffies)"
started=$(date +%s.%N)
server_count() { if [ "$admin" = none ]; then echo null; else /usr/bin/python3 loadtest/server_count.py "$admin"; fi; }
before=$(server_count)
echo "== $scenario: ${duration}s (ramp ${ramp}s), peak $users users on $workers locust4j workers, think ${think_ms} ms, target $target"
ROADCAST_SCENARIO=$scenario ROADCAST_DURATION=$duration ROADCAST_PEAK_USERS=$users ROADCAST_WORKERS=$workers \
  ROADCAST_MAX_REQUESTS=$max_requests ROADCAST_RAMP=$ramp \
  timeout --signal=TERM $((duration + 120)) /usr/bin/locust -f loadtest/locustfile.py --headless --master \
  --master-bind-host 127.0.0.1 --master-bind-port "$master_port" --expect-workers "$workers" \
  --expect-workers-max-wait 60 --host "$target" --csv "$prefix" --csv-full-history --exit-code-on-error 0 \
  --logfile "$runs/master.log" > "$runs/master.out" 2>&1 &
master=$!
pids+=("$master")
for i in $(seq 1 "$workers"); do
  java -Xmx256m -jar "$jar" --master-port "$master_port" --target "$target" --keys "$ROADCAST_KEYS" \
    --think-ms "$think_ms" --max-seconds $((duration + 90)) --max-requests "$max_requests" \
    --workers "$workers" --unpaced-tiers "$unpaced" --ledger "$runs/worker-$i.json" > "$runs/worker-$i.log" 2>&1 &
  pids+=("$!")
done

status=0
wait "$master" || status=$?
for _ in $(seq 1 60); do  # workers exit on the master's quit, after their requests in flight (at most 25 s)
  alive=0
  for pid in "${pids[@]:1}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
  [ $alive -eq 0 ] && break
  sleep 0.5
done
[ $alive -eq 0 ] || echo "warning: a worker did not exit on the master's quit; stopping it (it still writes its ledger)" >&2
cleanup
wait "${pids[@]:1}" 2>/dev/null || true
ledgers=()
for i in $(seq 1 "$workers"); do
  [ -f "$runs/worker-$i.json" ] || { echo "worker $i wrote no ledger; see $runs/worker-$i.log" >&2; exit 1; }
  ledgers+=(--ledger "$runs/worker-$i.json")
done
# the service records a request just after its answer is sent: read until two readings 0.5 s apart agree
after=$(server_count)
for _ in $(seq 1 10); do
  sleep 0.5
  again=$(server_count)
  [ "$again" = "$after" ] && break
  after=$again
done
read -r cpu_all_after cpu_idle_after <<< "$(cpu_jiffies)"
wall=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
# CPU of everything this script waited for: the master, the workers and the helpers
times > "$runs/times"
loadgen_cpu=$(tail -1 "$runs/times" | awk '{gsub(/[ms]/, " "); print $1 * 60 + $2 + $3 * 60 + $4}')
machine_busy=$(awk -v i=$((cpu_idle_after - cpu_idle_before)) -v a=$((cpu_all_after - cpu_all_before)) 'BEGIN {print 1 - i / a}')
if [ $status -ne 0 ]; then
  echo "Locust master failed (exit $status); see $runs/master.log and $runs/master.out" >&2
  tail -n 20 "$runs/master.log" "$runs"/worker-*.log >&2
  exit 1
fi
rm -f "$prefix"_exceptions.csv  # locust4j reports no exceptions: Locust's file would be an empty header
/usr/bin/python3 loadtest/report.py --prefix "$prefix" --scenario "$scenario" --server-before "$before" \
  --server-after "$after" "${ledgers[@]}" --master-log "$runs/master.log" --targets "$targets" \
  --setting users="$users" --setting workers="$workers" --setting think_ms="$think_ms" --setting unpaced_tiers="$unpaced" \
  --setting planned_duration_s="$duration" --setting ramp_s="$ramp" --setting max_requests="$max_requests" \
  --wall-s "$wall" --load-generator-cpu-s "$loadgen_cpu" --machine-busy "$machine_busy"
