#!/usr/bin/env bash
# Installs Roadcast on a Debian VM, idempotently: run it again after a build to upgrade the jar; a run
# that finds everything in place changes nothing (each step prints "changed" or "ok").
#
#   sudo deploy/install.sh                 # install or upgrade; enables roadcast@1 and roadcast@2
#   sudo deploy/install.sh --instances 3   # ... and roadcast@3 (add its server line to the Nginx site)
#   deploy/install.sh --root /tmp/stage    # stage into a directory: no packages, no systemctl, no nginx reload
#
# What it lays down (docs/DEPLOYMENT.md explains each):
#   user and group roadcast (system, no login, home /var/lib/roadcast)
#   /opt/roadcast/roadcast.jar, /opt/roadcast/docs/        root-owned, read-only to the service
#   /opt/roadcast/scripts/backup.sh, restore.sh            root's backups (docs/OPERATIONS.md "Backups")
#   /etc/roadcast/config-prod.yml                          root:roadcast 0640
#   /etc/roadcast/roadcast.env                             root:roadcast 0640, created once, never overwritten (secrets):
#                                                          REDIS_URL with user roadcast and a password made here
#   /etc/redis/roadcast.conf, /etc/redis/roadcast.acl      root:redis 0640: AOF, memory policy, loopback, and the
#                                                          ACL (default user off; roadcast: its prefix, its commands),
#                                                          included at the end of Debian's /etc/redis/redis.conf
#   /var/lib/roadcast/models/<version>/ + current -> it    root:roadcast, the bundle shipped in models/, added once per version
#   (a symlink met inside /var/lib/roadcast or /var/log/roadcast stops the script: it is never followed as root)
#   /var/lib/roadcast, /var/log/roadcast                   roadcast 0750 (systemd also ensures them)
#   /etc/systemd/system/roadcast.service, roadcast@.service
#   /etc/systemd/system/roadcast-retrain.service, .timer   weekly retraining, loaded as the shadow (never promoted)
#   /opt/roadcast/training/                                root-owned, the training scripts the retrain runs
#   /etc/roadcast/retrain.env                              root:roadcast 0640, created once, never overwritten (read key)
#   /etc/roadcast/network/                                 root:roadcast 0750, yours to fill: adjacency.csv [, locations.csv]
#   /var/lib/roadcast/models/retrained/                    roadcast 0750, where the retrain installs its bundles
#   /etc/nginx/sites-available/roadcast.conf + sites-enabled link (Debian's default site link is removed)
# Certificates (/etc/nginx/tls/roadcast.{crt,key}, roadcast-chain.pem) are yours to provide.
set -euo pipefail

ROOT=""
INSTANCES=2
REPO="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$REPO/service/target/roadcast.jar"
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT="$(realpath -m "$2")"; shift 2 ;;
    --instances) INSTANCES="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[[ "$INSTANCES" =~ ^[1-9]$ ]] || { echo "--instances must be 1..9 (ports 81N0/81N1)" >&2; exit 2; }
[ -f "$JAR" ] || { echo "no jar at $JAR: build it first (mvn -B package)" >&2; exit 1; }
if [ -z "$ROOT" ] && [ "$(id -u)" -ne 0 ]; then
  echo "run as root (or stage with --root DIR)" >&2; exit 1
fi

say() { printf '%-8s %s\n' "$1" "$2"; }

# Fails when $ROOT$1, or a directory above it inside a service-owned tree (/var/lib/roadcast,
# /var/log/roadcast, and /etc/redis, which Debian makes the redis user's), is a symlink: the service
# user can replace entries there, and chown, chmod or a copy made as root through its link would land
# wherever it points.
refuse_links() {
  local path="$1" prefix=""
  local IFS=/
  for part in ${path#/}; do
    prefix="$prefix/$part"
    case "$prefix" in
      /var/lib/roadcast|/var/lib/roadcast/*|/var/log/roadcast|/var/log/roadcast/*|/etc/redis/*) ;;
      *) continue ;;
    esac
    if [ -L "$ROOT$prefix" ]; then
      echo "refusing: $prefix is a symlink (-> $(readlink "$ROOT$prefix")) in a directory the service owns; remove it and run again" >&2
      exit 1
    fi
  done
}

# Copies $1 to $ROOT$2 with mode $3 and owner $4 (uid:gid) unless it is already identical.
put() {
  local src="$1" dst="$ROOT$2" mode="$3" owner="$4"
  refuse_links "$2"
  if [ -f "$dst" ] && cmp -s "$src" "$dst" && [ "$(stat -c '%a %u:%g' "$dst")" = "${mode#0} $owner" ]; then
    say ok "$2"
  else
    install -D -m "$mode" -o "${owner%:*}" -g "${owner#*:}" "$src" "$dst"
    say changed "$2"
  fi
}

# Makes directory $ROOT$1 with mode $2 and owner $3.
dir() {
  local dst="$ROOT$1" mode="$2" owner="$3"
  refuse_links "$1"
  if [ -d "$dst" ] && [ "$(stat -c '%a %u:%g' "$dst")" = "${mode#0} $owner" ]; then
    say ok "$1/"
  else
    install -d -m "$mode" -o "${owner%:*}" -g "${owner#*:}" "$dst"
    say changed "$1/"
  fi
}

# Points symlink $ROOT$1 at $2.
link() {
  refuse_links "$(dirname "$1")"
  if [ "$(readlink "$ROOT$1" 2>/dev/null)" = "$2" ]; then
    say ok "$1 -> $2"
  else
    ln -sfn "$2" "$ROOT$1"
    say changed "$1 -> $2"
  fi
}

# --- packages ---------------------------------------------------------------------------------------
if [ -z "$ROOT" ]; then
  "$REPO/scripts/ensure-packages.sh" openjdk-17-jre-headless nginx curl redis-server python3-torch python3-onnx python3-numpy
fi

# --- user --------------------------------------------------------------------------------------------
if [ -n "$ROOT" ]; then
  mkdir -p "$ROOT/etc"
  for f in passwd group shadow gshadow; do [ -e "$ROOT/etc/$f" ] || : > "$ROOT/etc/$f"; done
  PREFIX=(--prefix "$ROOT")
else
  PREFIX=()
fi
if grep -q '^roadcast:' "$ROOT/etc/passwd"; then
  say ok "user roadcast"
else
  useradd "${PREFIX[@]}" --system --user-group --home-dir /var/lib/roadcast --no-create-home \
    --shell /usr/sbin/nologin --comment "Roadcast service" roadcast
  say changed "user roadcast"
fi
RC_UID="$(awk -F: '$1=="roadcast"{print $3}' "$ROOT/etc/passwd")"
RC_GID="$(awk -F: '$1=="roadcast"{print $3}' "$ROOT/etc/group")"
ROOTS="0:0"; SERVICE="$RC_UID:$RC_GID"; READER="0:$RC_GID"
if [ "$(id -u)" -ne 0 ]; then   # staging without root: everything owned by the caller
  me="$(id -u):$(id -g)"; ROOTS="$me"; SERVICE="$me"; READER="$me"
fi

# --- directories and files ---------------------------------------------------------------------------
dir /opt/roadcast 0755 "$ROOTS"
dir /opt/roadcast/docs 0755 "$ROOTS"
dir /etc/roadcast 0750 "$READER"
dir /var/lib/roadcast 0750 "$SERVICE"
dir /var/lib/roadcast/models 0750 "$READER"   # bundles: root's to add, the service's to read
dir /var/log/roadcast 0750 "$SERVICE"
put "$JAR" /opt/roadcast/roadcast.jar 0644 "$ROOTS"
dir /opt/roadcast/scripts 0755 "$ROOTS"
for script in backup.sh restore.sh redis-login.sh; do   # docs/OPERATIONS.md "Backups"
  put "$REPO/scripts/$script" "/opt/roadcast/scripts/$script" 0755 "$ROOTS"
done
for doc in DEPLOYMENT.md OPERATIONS.md TROUBLESHOOTING.md; do
  put "$REPO/docs/$doc" "/opt/roadcast/docs/$doc" 0644 "$ROOTS"
done
put "$REPO/config-prod.yml" /etc/roadcast/config-prod.yml 0640 "$READER"
dir /opt/roadcast/training 0755 "$ROOTS"
for f in "$REPO"/training/*.py; do
  case "$(basename "$f")" in test_*) continue ;; esac
  put "$f" "/opt/roadcast/training/$(basename "$f")" 0644 "$ROOTS"
done
dir /etc/roadcast/network 0750 "$READER"

if [ -e "$ROOT/etc/roadcast/roadcast.env" ]; then
  say ok "/etc/roadcast/roadcast.env (kept: it holds the secrets)"
else
  env_file="$(mktemp)"
  # The service's Redis password: 256 random bits as hex (URL-safe), here and, hashed, in the Redis ACL.
  password="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
  cat > "$env_file" <<ENV
# Roadcast secrets and site settings, read by the systemd units. Never commit this file.
# REDIS_URL: the service's Redis user and password (deploy/install.sh made both and wrote the password's
# hash to /etc/redis/roadcast.acl; change the password here and run install.sh again to change it there).
# TLS: rediss://roadcast:PASSWORD@host:6380/0 (redis.trustedCertificates names the CA). A Sentinel set:
# redis-sentinel://roadcast:PASSWORD@127.0.0.1:26379,127.0.0.1:26380,127.0.0.1:26381/roadcast
REDIS_URL=redis://roadcast:$password@127.0.0.1:6379/0
ENV
  put "$env_file" /etc/roadcast/roadcast.env 0640 "$READER"
  rm -f "$env_file"
fi

if [ -e "$ROOT/etc/roadcast/retrain.env" ]; then
  say ok "/etc/roadcast/retrain.env (kept: it holds the read key)"
else
  env_file="$(mktemp)"
  cat > "$env_file" <<'ENV'
# Settings of roadcast-retrain.service (docs/OPERATIONS.md "Retraining"). Never commit this file.
# A key with role read: java -jar /opt/roadcast/roadcast.jar keys create --name retrain --tier internal --role read ...
ROADCAST_READ_KEY=
# The instance it exports from and loads the shadow into (with Redis, every instance follows).
ROADCAST_API_URL=http://127.0.0.1:8110
ROADCAST_ADMIN_URL=http://127.0.0.1:8111
# Options of training/retrain.py, then after -- those of train.py, e.g. --days 28 --min-days 7 -- --epochs 40
ROADCAST_RETRAIN_ARGS=
ENV
  put "$env_file" /etc/roadcast/retrain.env 0640 "$READER"
  rm -f "$env_file"
fi

# The shipped model bundle, under its version; "current" is set only on the first install (a later
# rollout moves it on purpose: docs/OPERATIONS.md).
version="$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$REPO/models/model.json" | head -1)"
[ -n "$version" ] || { echo "models/model.json has no version" >&2; exit 1; }
dir "/var/lib/roadcast/models/$version" 0750 "$READER"
for f in "$REPO"/models/*; do
  put "$f" "/var/lib/roadcast/models/$version/$(basename "$f")" 0640 "$READER"
done
dir /var/lib/roadcast/models/retrained 0750 "$SERVICE"   # the retrain job's bundles (it runs as roadcast)
if [ -L "$ROOT/var/lib/roadcast/models/current" ]; then
  say ok "/var/lib/roadcast/models/current -> $(readlink "$ROOT/var/lib/roadcast/models/current") (kept)"
else
  link /var/lib/roadcast/models/current "$version"
fi

# --- Redis -------------------------------------------------------------------------------------------
# The ACL follows the password in roadcast.env's REDIS_URL (user roadcast); Redis reads both files, so
# they are root:redis 0640 (the redis group comes with Debian's redis-server package).
REDIS_GID="$(awk -F: '$1=="redis"{print $3}' "$ROOT/etc/group")"
REDIS_READER="0:${REDIS_GID:-0}"
[ "$(id -u)" -eq 0 ] || REDIS_READER="$me"
redis_changed=0
redis_password="$(sed -n 's|^REDIS_URL=rediss\{0,1\}://roadcast:\([^@]*\)@.*|\1|p' "$ROOT/etc/roadcast/roadcast.env" | tail -1)"
if [ -z "$redis_password" ]; then
  say todo "REDIS_URL in /etc/roadcast/roadcast.env names no user roadcast with a password: set REDIS_URL=redis://roadcast:PASSWORD@127.0.0.1:6379/0 (PASSWORD: od -An -tx1 -N32 /dev/urandom | tr -d ' \\n'), then run this again"
else
  [ -d "$ROOT/etc/redis" ] || dir /etc/redis 0750 "$REDIS_READER"   # Debian's (redis:redis 2770) is left as it is
  acl_file="$(mktemp)"
  printf '%s\n' "$redis_password" | "$REPO/deploy/redis-acl.sh" > "$acl_file"
  # Users of the site's own (an operator's, a monitoring agent's) go in roadcast.acl.local, appended here.
  refuse_links /etc/redis/roadcast.acl.local
  [ ! -f "$ROOT/etc/redis/roadcast.acl.local" ] || cat "$ROOT/etc/redis/roadcast.acl.local" >> "$acl_file"
  for out in "$(put "$acl_file" /etc/redis/roadcast.acl 0640 "$REDIS_READER")" \
      "$(put "$REPO/redis/roadcast.conf" /etc/redis/roadcast.conf 0640 "$REDIS_READER")"; do
    echo "$out"
    case "$out" in changed*) redis_changed=1 ;; esac
  done
  rm -f "$acl_file"
  if [ -f "$ROOT/etc/redis/redis.conf" ]; then
    if grep -qx 'include /etc/redis/roadcast.conf' "$ROOT/etc/redis/redis.conf"; then
      say ok "/etc/redis/redis.conf includes roadcast.conf"
    else
      printf '\n# Roadcast (deploy/install.sh): last, so its settings win\ninclude /etc/redis/roadcast.conf\n' >> "$ROOT/etc/redis/redis.conf"
      say changed "/etc/redis/redis.conf includes roadcast.conf"
      redis_changed=1
    fi
  fi
fi

# --- units -------------------------------------------------------------------------------------------
units_changed=0
for unit in roadcast.service roadcast@.service roadcast-retrain.service roadcast-retrain.timer; do
  out="$(put "$REPO/systemd/$unit" "/etc/systemd/system/$unit" 0644 "$ROOTS")"
  echo "$out"
  case "$out" in changed*) units_changed=1 ;; esac
done
# --- Nginx -------------------------------------------------------------------------------------------
dir /etc/nginx/sites-available 0755 "$ROOTS"
dir /etc/nginx/sites-enabled 0755 "$ROOTS"
dir /etc/nginx/tls 0750 "$ROOTS"
# OCSP stapling needs a resolver: this host's nameservers (IPv6 ones in brackets) replace the default.
nameservers="$(awk '$1=="nameserver"{print ($2 ~ /:/) ? "[" $2 "]" : $2}' /etc/resolv.conf 2>/dev/null | tr '\n' ' ')"
site_file="$(mktemp)"
if [ -n "$nameservers" ]; then
  sed "s/^\(    resolver  *\)127\.0\.0\.53 /\1${nameservers}/" "$REPO/nginx/roadcast.conf" > "$site_file"
else
  cp "$REPO/nginx/roadcast.conf" "$site_file"
  say todo "no nameserver in /etc/resolv.conf: set 'resolver' in /etc/nginx/sites-available/roadcast.conf for OCSP stapling"
fi
site="$(put "$site_file" /etc/nginx/sites-available/roadcast.conf 0644 "$ROOTS")"
rm -f "$site_file"
echo "$site"
link /etc/nginx/sites-enabled/roadcast.conf ../sites-available/roadcast.conf
if [ -L "$ROOT/etc/nginx/sites-enabled/default" ]; then
  rm -f "$ROOT/etc/nginx/sites-enabled/default"
  say changed "/etc/nginx/sites-enabled/default removed (it would own port 80)"
fi
# ~1000 clients need ~2 connections each in Nginx (client + upstream): Debian's 768 is too few.
if [ -f "$ROOT/etc/nginx/nginx.conf" ]; then
  if grep -q 'worker_connections 4096;' "$ROOT/etc/nginx/nginx.conf"; then
    say ok "/etc/nginx/nginx.conf worker_connections 4096"
  else
    sed -i 's/worker_connections [0-9]*;/worker_connections 4096;/' "$ROOT/etc/nginx/nginx.conf"
    say changed "/etc/nginx/nginx.conf worker_connections 4096"
  fi
fi

# --- activate ----------------------------------------------------------------------------------------
if [ -n "$ROOT" ]; then
  say skipped "systemctl and nginx reload (staged into $ROOT)"
  exit 0
fi
[ "$units_changed" -eq 0 ] || systemctl daemon-reload
if [ "$redis_changed" -eq 1 ]; then
  systemctl restart redis-server
  say changed "redis-server restarted with /etc/redis/roadcast.conf"
fi
for n in $(seq 1 "$INSTANCES"); do systemctl enable --quiet "roadcast@$n.service"; done
if [ -s /etc/nginx/tls/roadcast.crt ] && nginx -t -q; then
  systemctl reload nginx
  say ok "nginx reloaded"
else
  say todo "put the certificate in /etc/nginx/tls/ (roadcast.crt, roadcast.key, roadcast-chain.pem), then: nginx -t && systemctl reload nginx"
fi
if grep -q '^ROADCAST_READ_KEY=.\+' /etc/roadcast/retrain.env && [ -s /etc/roadcast/network/adjacency.csv ]; then
  systemctl enable --now --quiet roadcast-retrain.timer
  say ok "roadcast-retrain.timer enabled (weekly; the shadow it loads is never promoted by itself)"
else
  say todo "weekly retraining: set ROADCAST_READ_KEY in /etc/roadcast/retrain.env, put the network's adjacency.csv in /etc/roadcast/network/, then: systemctl enable --now roadcast-retrain.timer"
fi
if grep -q '^REDIS_URL=.\+' /etc/roadcast/roadcast.env; then
  echo "Upgrade or first start, one instance at a time (drains; zero failed requests):"
  echo "  for n in \$(seq 1 $INSTANCES); do systemctl restart roadcast@\$n && systemctl is-active --quiet roadcast@\$n || break; sleep 15; done"
else
  say todo "set REDIS_URL in /etc/roadcast/roadcast.env, then: systemctl start roadcast@1 roadcast@2"
fi
