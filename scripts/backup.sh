#!/usr/bin/env bash
# Backs up what Roadcast cannot rebuild, as one archive: every Redis key under the service's prefix
# (API keys, observation history, forecasts of record, webhooks and their deliveries, the shadow model's
# path) except the forecast cache and rate-limit windows, copied with DUMP (exact, any type) and its
# remaining TTL; the embedded key store file, if there is one; and the audit trail. docs/OPERATIONS.md
# ("Backups") gives the schedule and what is left out; scripts/restore.sh puts an archive back.
#   sudo scripts/backup.sh                       # -> /var/backups/roadcast/roadcast-<UTC time>.tar.gz, 0600
#   BACKUP_DIR=/mnt/b BACKUP_KEEP_DAYS=30 scripts/backup.sh
# Settings (environment): REDIS_URL (else read from /etc/roadcast/roadcast.env, ROADCAST_ENV_FILE), unset:
# no Redis; ROADCAST_REDIS_PREFIX (roadcast:); ROADCAST_KEY_STORE (/var/lib/roadcast/keys.json);
# ROADCAST_AUDIT_DIR (/var/log/roadcast); BACKUP_DIR; BACKUP_KEEP_DAYS (30; older archives are deleted).
# Prints the archive's path. The Redis user needs SCAN, DUMP and PTTL (deploy/redis-acl.sh grants them).
set -euo pipefail
umask 077
source "$(dirname "$0")/redis-login.sh"
KEY_STORE="${ROADCAST_KEY_STORE:-/var/lib/roadcast/keys.json}"
AUDIT_DIR="${ROADCAST_AUDIT_DIR:-/var/log/roadcast}"
OUT="${BACKUP_DIR:-/var/backups/roadcast}"
KEEP="${BACKUP_KEEP_DAYS:-30}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/redis" "$WORK/files" "$OUT"

if [ ${#R[@]} -gt 0 ]; then
  # Rebuilt by the service, so left out: the forecast cache (fc:, fc-budget:) and rate-limit windows (rl:).
  "${R[@]}" --scan --pattern "${PREFIX}*" | grep -v -e "^${PREFIX}fc:" -e "^${PREFIX}fc-budget:" -e "^${PREFIX}rl:" \
    | sort > "$WORK/redis/names" || true
  : > "$WORK/redis/manifest"
  n=0
  while IFS= read -r key; do
    n=$((n + 1))
    ttl="$("${R[@]}" pttl "$key")"
    [ "$ttl" != "-2" ] || continue                 # gone since the scan
    "${R[@]}" --raw dump "$key" | head -c -1 > "$WORK/redis/$n.dump"   # --raw adds one newline
    printf '%s\t%s\t%s\n' "$n" "$ttl" "$key" >> "$WORK/redis/manifest"
  done < "$WORK/redis/names"
  rm "$WORK/redis/names"
  echo "redis: $(wc -l < "$WORK/redis/manifest") keys under $PREFIX" >&2
fi
[ ! -f "$KEY_STORE" ] || cp -p "$KEY_STORE" "$WORK/files/keys.json"
if [ -d "$AUDIT_DIR" ]; then
  mkdir -p "$WORK/files/audit"
  find "$AUDIT_DIR" -maxdepth 1 -type f -name 'audit*' -exec cp -p {} "$WORK/files/audit/" \;
fi

archive="$OUT/roadcast-$(date -u +%Y%m%dT%H%M%SZ).tar.gz"
tar -C "$WORK" -czf "$archive.part" redis files
mv "$archive.part" "$archive"
find "$OUT" -maxdepth 1 -name 'roadcast-*.tar.gz' -mtime +"$KEEP" -delete
echo "$archive"
