#!/usr/bin/env bash
# Builds the services and the bench, then runs every measurement and writes bench/results/<timestamp>.md.
# Options are passed to the bench: --events N (pre-filled touches, default 300000), --no-profile, --no-jmh, --label TEXT,
# --only journey|consistency|scale-out (that measurement and the raw limits only; scale-out: consistency-service with
# 1 and 2 instances and the fail-over of one of two, dev.unison.bench.ScaleOut).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  mvn -q -DskipTests -pl bench -am install
fi
exec java -Xmx2g ${BENCH_JAVA_OPTS:-} -Dunison.home="$PWD" -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
  -cp "bench/target/unison-bench.jar:bench/target/lib/*" dev.unison.bench.Bench "$@"
