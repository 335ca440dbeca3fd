# Sourced by backup.sh and restore.sh: reads REDIS_URL (from the environment, else from the service's
# environment file) and sets R, the redis-cli command that logs in as the service does. The password goes
# through REDISCLI_AUTH, never the command line (ps shows that). Forms: redis://user:password@host:port/db
# and rediss://... (TLS, trusting REDIS_CACERT, default /etc/roadcast/redis-ca.pem when it exists); for a
# Sentinel set, point REDIS_URL at the current primary.
ENV_FILE="${ROADCAST_ENV_FILE:-/etc/roadcast/roadcast.env}"
if [ -z "${REDIS_URL:-}" ] && [ -r "$ENV_FILE" ]; then
  REDIS_URL="$(sed -n 's/^REDIS_URL=//p' "$ENV_FILE" | tail -1)"
fi
PREFIX="${ROADCAST_REDIS_PREFIX:-roadcast:}"
R=()
if [ -n "${REDIS_URL:-}" ]; then
  url_shape='^(rediss?)://(([^:@/]*)(:([^@/]*))?@)?([^:/@]+)(:([0-9]+))?(/([0-9]+))?$'
  [[ "$REDIS_URL" =~ $url_shape ]] || { echo "REDIS_URL must look like redis[s]://user:password@host:port/db (for Sentinel: the primary's address)" >&2; exit 2; }
  R=(redis-cli --no-auth-warning -h "${BASH_REMATCH[6]}" -p "${BASH_REMATCH[8]:-6379}" -n "${BASH_REMATCH[10]:-0}")
  [ -z "${BASH_REMATCH[3]}" ] || R+=(--user "${BASH_REMATCH[3]}")
  [ -z "${BASH_REMATCH[5]}" ] || export REDISCLI_AUTH="${BASH_REMATCH[5]}"
  if [ "${BASH_REMATCH[1]}" = rediss ]; then
    R+=(--tls)
    ca="${REDIS_CACERT:-/etc/roadcast/redis-ca.pem}"
    [ ! -r "$ca" ] || R+=(--cacert "$ca")
  fi
  [ "$("${R[@]}" ping)" = PONG ] || { echo "Redis at ${BASH_REMATCH[6]} did not answer PING as ${BASH_REMATCH[3]:-default}" >&2; exit 1; }
fi
