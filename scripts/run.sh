#!/usr/bin/env bash
# Builds Roadcast and runs it on its embedded defaults (API :8080, admin :8081, no Redis needed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-packages.sh openjdk-17-jdk-headless maven
mvn -B -q -DskipTests package
exec java -jar service/target/roadcast.jar server config.yml
