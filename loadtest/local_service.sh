# Sourced by loadtest/smoke.sh and loadtest/shapes.sh: one Roadcast instance on its embedded defaults
# (config.yml: in-process limits and cache, history on local disk) on free loopback ports with a throwaway
# key store, history and audit trail. Sets app, admin (ports) and tmp (a directory removed on exit, with the
# server stopped); key NAME TIER ROLE prints a new key; start_service starts the instance and feeds it 12 steps
# from ../shared/data/los_speed_train.csv (or $ROADCAST_DATA/los_speed_train.csv), so forecasts answer.
# Needs service/target/roadcast.jar (mvn package).
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
start_service() {
  local ingest
  ingest=$(key local-ingest internal ingest)
  java -Xmx512m "${props[@]}" -jar "$jar" server config.yml > "$tmp/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 60); do
    /usr/bin/python3 loadtest/server_count.py "http://127.0.0.1:$admin" > /dev/null 2>&1 && break
    kill -0 "$server" || { cat "$tmp/server.log" >&2; exit 1; }
    sleep 1
  done
  java -jar "$jar" replay --csv "$data" --from 1300 --steps 12 --rate 0 \
    --url "http://127.0.0.1:$app" --key "$ingest" > "$tmp/replay.log"
}
