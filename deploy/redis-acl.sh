#!/usr/bin/env bash
# Prints Roadcast's Redis ACL file (redis/roadcast.conf points aclfile at it): the default user off (no
# login), and one user, roadcast, allowed only keys and pub/sub channels under its prefix and only the commands the
# service, its Lua scripts, the keys command and scripts/backup.sh and restore.sh send. The password is
# read from stdin (an argument would show in ps) and stored only as its SHA-256.
#   deploy/redis-acl.sh [PREFIX] < password-file > /etc/redis/roadcast.acl     (PREFIX: redis.keyPrefix, default roadcast:)
# A command missing here fails with NOPERM; the Redis ITs run as this user (testing/RedisServer), so they find it.
set -euo pipefail
PREFIX="${1:-roadcast:}"
[[ "$PREFIX" =~ ^[A-Za-z0-9:_.-]+$ ]] || { echo "the key prefix may hold only letters, digits and : _ . - (it becomes an ACL pattern)" >&2; exit 2; }
IFS= read -r password || true
[ "${#password}" -ge 32 ] || { echo "give the password (at least 32 characters) on stdin" >&2; exit 2; }
hash="$(printf '%s' "$password" | sha256sum | cut -d' ' -f1)"

commands=(
  ping select client\|setname info                       # connection set-up, pool checks, health, cache stats
  eval evalsha                                           # the Lua scripts (their own commands are checked too)
  get set del unlink exists incr incrby decrby pexpire   # strings; cache, shadow model, script bookkeeping
  hget hset hsetnx hdel hgetall hmget hvals hexists hincrby   # keys, webhooks, rate-limit leases, records
  lpush lrange llen rpop                                 # webhook delivery lists
  zadd zcard zcount zrange zrangebyscore zrem zremrangebyscore   # history, records, due deliveries
  scan                                                   # cache clear (and backups)
  publish subscribe unsubscribe                          # the events channel between instances
  wait                                                   # writes acknowledged by a replica (Sentinel)
  dump restore pttl                                      # scripts/backup.sh and restore.sh
)
# The default user is off and has no password: nobody logs in as it. It keeps every permission all the
# same, because Redis 7.0 (Debian's 7.0.15) replays the AOF's transactions (each Lua script's writes) as
# the default user and checks its ACL at EXEC: without permissions, a restart silently drops every write
# a script made (redis/redis#14541, fixed upstream after 7.2). RedisAclIT restarts Redis to prove it.
echo "user default off resetpass resetkeys ~* resetchannels &* +@all"
echo "user roadcast on #$hash resetkeys ~${PREFIX}* resetchannels &${PREFIX}* -@all$(printf ' +%s' "${commands[@]}")"
