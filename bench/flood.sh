#!/usr/bin/env bash
# Fair input under floods (issue 22 item 5): a legitimate window-1 flow through one conifer relay,
# without a flood and while 8 hostile peers flood the relay with keepalives, then with repeated
# tree announcements; reports the flow's rate kept and its RTT p99 (bench/target/flood/).
#
#   bench/flood.sh                                   # 8 flooders, 3 runs, 5 s cells
#   bench/flood.sh --flooders 8 --runs 5 --kinds keepalive --jvm-flags "-Xmx64m"
#   bench/flood.sh --conifer-jar /tmp/before.jar     # the same against another build
#
# Builds node/target/conifer.jar and bench/target/benchmarks.jar first (offline, with the modules
# they depend on) unless SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  if ! mvn -o -q -B -DskipTests package -pl node,bench -am >/tmp/flood-build.log 2>&1; then
    cat /tmp/flood-build.log >&2
    exit 1
  fi
fi
jar=$(mktemp /tmp/conifer-flood-bench-XXXXXX.jar)
trap 'rm -f "$jar"' EXIT
cp bench/target/benchmarks.jar "$jar"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$jar" dev.conifer.bench.chain.FloodBenchmark "$@"
