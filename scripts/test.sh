#!/usr/bin/env bash
# Runs every test: the training pipeline's smoke run and the service's suites (real Redis, real ONNX
# Runtime, the real model), installing what they need from Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-packages.sh openjdk-17-jdk-headless maven redis-server \
  python3 python3-numpy python3-torch python3-onnx python3-locust python3-matplotlib prometheus prometheus-alertmanager \
  nginx openssl curl systemd chromium
export OMP_WAIT_POLICY=PASSIVE
echo "== training pipeline (smoke) =="
/usr/bin/python3 -m unittest discover -s training -p 'test_*.py' -v
echo "== service =="
mvn -B verify

# --- load tooling (loadtest/): adapter unit tests + a 10 s locust4j run checked against the service ---
echo "== load tooling (smoke) =="
loadtest/smoke.sh
