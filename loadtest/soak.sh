#!/usr/bin/env bash
# Soak: the shipped Nginx (nginx/roadcast.conf, TLS) in front of two instances on one Redis, all started here on
# free loopback ports, under N paced users of four tiers, an ingest client posting one step every 5 s, and one
# rolling restart of the instances mid-run. Reports availability, p50/p95/p99 per endpoint, refusals per tier
# (loadtest/run.sh soak) and the RSS of each instance every 5 s; fails on a missed target.
#
#   loadtest/soak.sh [--duration S] [--ramp S] [--users N] [--workers W] [--think-ms MS] [--out DIR]
#
# Defaults: 600 s at the full count of users after a ramp of 60 s in which they join step by step (as a client
# population arrives; all at once, their TLS handshakes and first requests would meet cold JVMs in one burst),
# 1000 users, 2 workers, think time at least 5000 ms, --out docs/loadtest/soak. Targets, over the whole run:
# availability >= 99.9%, p95 < 200 ms, p99 < 500 ms, RSS < 512 MB per instance. Users hold one key each from
# 8 free, 6 standard, 4 premium and 2 internal keys (dealt evenly over the keys), so budget-bound users think
# for tens of seconds (loadtest/README.md, pacing) and internal users for the floor. The instances run with the
# shipped systemd unit's JAVA_OPTS and drain on SIGTERM for config-prod.yml's api.drainWait. Nginx is the shipped
# site but for ports and paths, its own test certificate, and its per-address request rate lifted (every simulated
# user comes from 127.0.0.1). Zero lost observations: the ingest client must have every step stored, and the
# history must hold every step it sent. The rolling restart stops (SIGTERM) and restarts each instance in turn
# half-way through the full-load part, as docs/OPERATIONS.md says: on to the next one 15 s after it is ready
# again (Nginx takes a restarted instance back after fail_timeout). The count check of run.sh is skipped: a
# restart zeroes an instance's counters, and a POST cut off by a restart gets Nginx's 502 (Nginx never sends a
# POST twice). Needs nginx, redis-server, openssl, keytool (Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
duration=600 ramp=60 users=1000 workers=2 think_ms=5000 out=docs/loadtest/soak
while [ $# -ge 2 ]; do
  case $1 in --duration | --ramp | --users | --workers | --think-ms | --out) printf -v "$(tr - _ <<< "${1#--}")" %s "$2" ;; *) usage ;; esac
  shift 2
done
[ $# -eq 0 ] || usage
jar=service/target/roadcast.jar
data=${ROADCAST_DATA:-../shared/data}/los_speed_train.csv
[ -f "$jar" ] && [ -f "$data" ] || { echo "needs $jar (mvn package) and $data (or ROADCAST_DATA)" >&2; exit 1; }
java_opts=$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' systemd/roadcast.service)
drain_wait=$(sed -n 's/^ *drainWait: *\([0-9a-z]*\).*/\1/p' config-prod.yml)
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
tmp=$(mktemp -d)
chmod 755 "$tmp"
mkdir -p "$out" "$tmp/tls" "$tmp/logs"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for i in 1 2; do [ -f "$tmp/instance-$i.pid" ] && kill "$(cat "$tmp/instance-$i.pid")" 2>/dev/null || true; done
  [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true
  [ -f "$tmp/redis.pid" ] && kill "$(cat "$tmp/redis.pid")" 2>/dev/null || true
  sleep 1
  rm -rf "$tmp"
}
trap cleanup EXIT

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$tmp" --daemonize yes \
  --pidfile "$tmp/redis.pid" --logfile "$tmp/logs/redis.log"
props=("-Ddw.redis.url=redis://127.0.0.1:$redis_port/0" "-Ddw.auth.keyStore=$tmp/keys.json")
key() { java "${props[@]}" -jar "$jar" keys create --name "$1" --tier "$2" --role "$3" config.yml | tail -1; }
keys=""
for tier_count in free:8 standard:6 premium:4 internal:2; do
  tier=${tier_count%:*}
  for n in $(seq 1 "${tier_count#*:}"); do keys+="${keys:+,}$tier:$(key "soak-$tier-$n" "$tier" read)"; done
done
ingest=$(key soak-ingest internal ingest)
reader=$(key soak-reader internal read)

app=("" "$(free_port)" "$(free_port)")
admin=("" "$(free_port)" "$(free_port)")
start_instance() {  # i health-path: waits until that path answers 2xx
  # shellcheck disable=SC2086  # JAVA_OPTS is a list of options, as in the unit
  java $java_opts "${props[@]}" "-Ddw.server.applicationConnectors[0].port=${app[$1]}" \
    "-Ddw.server.adminConnectors[0].port=${admin[$1]}" "-Ddw.audit.file=$tmp/audit-$1.log" \
    "-Ddw.webhooks.dir=$tmp/webhooks-$1" "-Ddw.history.dir=$tmp/history-$1" "-Ddw.api.drainWait=$drain_wait" \
    -jar "$jar" server config.yml >> "$tmp/logs/instance-$1.log" 2>&1 &
  echo $! > "$tmp/instance-$1.pid"
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:${app[$1]}$2" && return 0
    sleep 0.5
  done
  echo "instance $1 did not start; see its log:" >&2
  tail -20 "$tmp/logs/instance-$1.log" >&2
  return 1
}
start_instance 1 /health/live  # ready only once the 12 steps below are in
start_instance 2 /health/live

https=$(free_port)
http=$(free_port)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/tls/roadcast.key" -out "$tmp/tls/roadcast.crt" 2> /dev/null
cp "$tmp/tls/roadcast.crt" "$tmp/tls/roadcast-chain.pem"
chmod 644 "$tmp/tls/"*
keytool -importcert -noprompt -alias soak -file "$tmp/tls/roadcast.crt" -keystore "$tmp/trust.p12" \
  -storetype PKCS12 -storepass soaktrust > /dev/null
site() {  # one substitution of the shipped site; it must match
  grep -qF -- "$1" "$tmp/roadcast.conf" || { echo "nginx/roadcast.conf no longer has: $1" >&2; exit 1; }
  FROM=$1 TO=$2 /usr/bin/python3 -c 'import os, sys; p = sys.argv[1]; t = open(p).read().replace(os.environ["FROM"], os.environ["TO"]); open(p, "w").write(t)' "$tmp/roadcast.conf"
}
cp nginx/roadcast.conf "$tmp/roadcast.conf"
site "listen 443 ssl http2;" "listen 127.0.0.1:$https ssl http2;"
site "listen [::]:443 ssl http2;" ""
site "listen 80;" "listen 127.0.0.1:$http;"
site "listen [::]:80;" ""
site "server 127.0.0.1:8110 " "server 127.0.0.1:${app[1]} "
site "server 127.0.0.1:8120 " "server 127.0.0.1:${app[2]} "
site "/etc/nginx/tls/" "$tmp/tls/"
site "/var/log/nginx/" "$tmp/logs/"
site "zone=roadcast_api:10m rate=10r/s" "zone=roadcast_api:10m rate=100000r/s"
sed -e "s|^pid .*;|pid $tmp/nginx.pid;|" -e "s|/var/log/nginx/|$tmp/logs/|g" \
  -e "s|include /etc/nginx/sites-enabled/\*;|include $tmp/roadcast.conf;|" -e "s|include /etc/nginx/conf.d/\*.conf;||" \
  /etc/nginx/nginx.conf > "$tmp/nginx.conf"
[ "$(id -u)" -eq 0 ] || sed -i 's/^user .*;$//' "$tmp/nginx.conf"
nginx -p "$tmp" -c "$tmp/nginx.conf" -e "$tmp/logs/error.log"
target=https://127.0.0.1:$https
export JAVA_TOOL_OPTIONS="-Djavax.net.ssl.trustStore=$tmp/trust.p12 -Djavax.net.ssl.trustStorePassword=soaktrust"

# the first 12 steps straight to one instance: until they exist forecasts answer 503, which Nginx counts against
# an upstream (proxy_next_upstream http_503, max_fails=3) until it has none left
java -jar "$jar" replay --csv "$data" --from 1300 --steps 12 --rate 0 --url "http://127.0.0.1:${app[1]}" --key "$ingest" \
  > "$tmp/logs/replay-setup.log" 2>&1 || { tail -n 20 "$tmp/logs/replay-setup.log" "$tmp/logs/"*error.log >&2; exit 1; }
# the ingest client: one step every 5 s through Nginx, for the whole run (a step the service cannot take now is
# sent again, as its answer says)
ingest_steps=$(((ramp + duration) / 5))
java -jar "$jar" replay --csv "$data" --from 1312 --steps "$ingest_steps" --rate 0.2 --url "$target" \
  --key "$ingest" > "$out/ingest.log" 2>&1 &
ingest_pid=$!
pids+=("$ingest_pid")
# RSS of each instance every 5 s
echo "time_s,instance,rss_mb" > "$out/rss.csv"
(
  start=$(date +%s)
  while :; do
    for i in 1 2; do
      rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$(cat "$tmp/instance-$i.pid")/status" 2> /dev/null || true)
      [ -z "$rss" ] || echo "$(($(date +%s) - start)),$i,$rss" >> "$out/rss.csv"
    done
    sleep 5
  done
) &
pids+=("$!")
# the rolling restart, half-way through the full load, as docs/OPERATIONS.md does it: ready, then 15 s for Nginx
# to take it back
(
  sleep $((ramp + duration / 2))
  for i in 1 2; do
    echo "$(date -u +%T) restarting instance $i"
    pid=$(cat "$tmp/instance-$i.pid")
    kill -TERM "$pid"
    while kill -0 "$pid" 2> /dev/null; do sleep 0.2; done
    start_instance "$i" /health/ready
    echo "$(date -u +%T) instance $i ready again"
    sleep 15
  done
) > "$out/restart.log" 2>&1 &
pids+=("$!")

status=0
ROADCAST_KEYS=$keys loadtest/run.sh soak --duration $((ramp + duration)) --ramp "$ramp" --users "$users" --workers "$workers" \
  --think-ms "$think_ms" --target "$target" --admin none --out "$out" \
  --targets availability=0.999,p95_ms=200,p99_ms=500 || status=$?
cat "$out/restart.log"
# zero lost observations: the ingest client had every step stored, and the history holds each one once
if ! wait "$ingest_pid"; then
  echo "observations lost: the ingest client gave up ($out/ingest.log)" >&2
  status=1
fi
range=$(/usr/bin/python3 -c 'import datetime as d, sys; s = d.datetime.fromisoformat("2012-03-01T00:00:00-08:00")
print(*((s + d.timedelta(minutes=5 * r)).isoformat() for r in (1300, 1312 + int(sys.argv[1]) - 1)))' "$ingest_steps")
stored=$(curl -sf --cacert "$tmp/tls/roadcast.crt" -H "X-API-Key: $reader" -H 'Accept: text/csv' -G "$target/v1/observations" \
  --data-urlencode "from=${range% *}" --data-urlencode "to=${range#* }" | tail -n +2 | wc -l)
echo "observations: $((12 + ingest_steps)) sent, $stored in the history; $(grep -c 'sending again' "$out/ingest.log") sent again"
if [ "$stored" -ne $((12 + ingest_steps)) ]; then
  echo "observations lost: the history holds $stored of $((12 + ingest_steps)) steps" >&2
  status=1
fi
if ! awk -F, 'NR > 1 && $3 >= 512 {bad = 1} END {exit bad}' "$out/rss.csv"; then
  echo "RSS target missed: an instance reached 512 MB or more ($out/rss.csv)" >&2
  status=1
fi
awk -F, 'NR > 1 {if ($3 > max[$2]) max[$2] = $3} END {for (i in max) printf "instance %s: RSS max %d MB\n", i, max[i]}' "$out/rss.csv"
cp "$tmp/logs/roadcast-access.log" "$out/nginx-access.log" 2> /dev/null || true
for i in 1 2; do  # each instance's warnings and errors with their stack traces, for the record
  awk '/^(WARN|ERROR) /{keep = 1; print; next} /^[A-Z]+ +\[|^127\.0\.0\.1 /{keep = 0} keep' "$tmp/logs/instance-$i.log" \
    > "$out/instance-$i-warnings.log"
done
exit $status
