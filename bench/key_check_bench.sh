#!/usr/bin/env bash
# JMH figures for one uncached API-key check by kind of token (valid, known id + wrong secret, unknown
# id, malformed): wrong-secret and unknown-id must match.
# Usage: bench/key_check_bench.sh [JMH options, default -f 2 -i 10], e.g. -p kind=wrong-secret,unknown-id -f 4 -i 8
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl service test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >/dev/null
cp="service/target/test-classes:service/target/classes:$(cat service/target/bench.classpath)"
if [ $# -eq 0 ]; then set -- -f 2 -i 10; fi
exec java -cp "$cp" org.openjdk.jmh.Main KeyCheckBenchmark -wi 5 -w 1s -r 1s "$@"
