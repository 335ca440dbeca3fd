#!/usr/bin/env bash
# Puts a scripts/backup.sh archive back: its Redis keys (RESTORE, with the TTL each had left), the
# embedded key store file and the audit trail. Meant for an empty Redis: a key that already exists stops
# the restore (BUSYKEY) unless --replace; files already in place are kept unless --replace.
#   sudo scripts/restore.sh /var/backups/roadcast/roadcast-20261206T020000Z.tar.gz [--replace]
# Same settings as backup.sh (REDIS_URL, ROADCAST_KEY_STORE, ROADCAST_AUDIT_DIR, ...). Then, on each
# running instance: curl -X POST http://127.0.0.1:81N1/tasks/keys-reload (docs/OPERATIONS.md, "Backups").
set -euo pipefail
umask 077
ARCHIVE="${1:?usage: restore.sh ARCHIVE [--replace]}"
REPLACE="${2:-}"
[ -z "$REPLACE" ] || [ "$REPLACE" = --replace ] || { echo "unknown option: $REPLACE" >&2; exit 2; }
source "$(dirname "$0")/redis-login.sh"
KEY_STORE="${ROADCAST_KEY_STORE:-/var/lib/roadcast/keys.json}"
AUDIT_DIR="${ROADCAST_AUDIT_DIR:-/var/log/roadcast}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
tar -C "$WORK" -xzf "$ARCHIVE"

if [ -f "$WORK/redis/manifest" ]; then
  [ ${#R[@]} -gt 0 ] || { echo "the archive holds Redis keys but REDIS_URL is not set" >&2; exit 2; }
  restored=0
  while IFS=$'\t' read -r n ttl key; do
    [ "$ttl" -gt 0 ] || ttl=0                      # -1: no expiry
    [ -z "$REPLACE" ] || "${R[@]}" del "$key" > /dev/null
    answer="$("${R[@]}" -x restore "$key" "$ttl" < "$WORK/redis/$n.dump")"   # -x: the payload is the last argument
    [ "$answer" = OK ] || { echo "restoring $key failed: $answer ($restored keys restored before it)" >&2; exit 1; }
    restored=$((restored + 1))
  done < "$WORK/redis/manifest"
  echo "redis: $restored keys restored" >&2
fi
put_back() {  # $1 from the archive, $2 destination
  if [ -e "$2" ] && [ -z "$REPLACE" ]; then
    echo "kept: $2 exists (--replace to overwrite)" >&2
  else
    mkdir -p "$(dirname "$2")"
    cp -p "$1" "$2"
  fi
}
[ ! -f "$WORK/files/keys.json" ] || put_back "$WORK/files/keys.json" "$KEY_STORE"
for f in "$WORK"/files/audit/*; do
  if [ -e "$f" ]; then put_back "$f" "$AUDIT_DIR/$(basename "$f")"; fi
done
echo "restored from $ARCHIVE; now POST /tasks/keys-reload on each running instance" >&2
