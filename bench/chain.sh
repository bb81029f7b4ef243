#!/usr/bin/env bash
# The loopback chain benchmark (issue 9): 3 Conifer relays against 3 minimal Netty byte relays,
# same shape, same JVM flags, same run. Everything binds 127.0.0.1; every JVM it starts is stopped
# when it ends (also on failure, Ctrl-C, and after --max-minutes).
#
#   bench/chain.sh                          # full matrix: 64 B / 1 KiB / 8 KiB x window 1/16/64, 3 runs
#   bench/chain.sh --peers 64               # plus the middle relay with 64 peers
#   bench/chain.sh --sizes 1024 --windows 64 --peers 64 --routes 10000 --root echo
#                                           # ... and 10,000 live snake routes in it
#   bench/chain.sh --jvm-flags "-XX:+UseParallelGC -Xmx64m -Dio.netty.allocator.lowMemory=false"
#   bench/chain.sh --no-matrix --idle-flags "-Xmx32m;-Xmx32m -XX:+UseSerialGC -Xss256k"
#   bench/chain.sh --compare-jar /tmp/before.jar --sizes 64,1024 --windows 1,64
#                                           # a second conifer chain from another build, same cells:
#                                           # the report adds conifer / compare ratios
#   bench/chain.sh --help                   # all options
#
# Builds node/target/conifer.jar and bench/target/benchmarks.jar first (offline, with the modules
# they depend on) unless SKIP_BUILD=1. CLIENT_JAVA_OPTS sets the client JVM's flags.
# Results: bench/target/chain/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  SKIP_BUILD=1
fi
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  # -am: without it Maven takes snek, overlay-router and transports from ~/.m2, which may be an
  # older build, and the jar would not hold the code being measured.
  if ! mvn -o -q -B -DskipTests package -pl node,bench -am >/tmp/chain-build.log 2>&1; then
    cat /tmp/chain-build.log >&2
    exit 1
  fi
fi
# Run from a private copy: a rebuild during the run must not pull the jar from under the JVMs.
jar=$(mktemp /tmp/conifer-chain-bench-XXXXXX.jar)
trap 'rm -f "$jar"' EXIT
cp bench/target/benchmarks.jar "$jar"
java ${CLIENT_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$jar" dev.conifer.bench.chain.ChainBenchmark "$@"
