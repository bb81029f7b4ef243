#!/usr/bin/env bash
# JVM flags for small devices, measured (issue 9): the chain at 1 KiB, windows 1 and 64, once per
# flag set (Conifer and baseline relays get the same flags), then the RSS of an idle relay with 10
# peers per flag set. Results: bench/target/chain-flags/<n>/chain-results.md and .../idle/.
#   bench/chain-flags.sh            (about 10 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
SMALL="-Xmx32m -Xss256k -XX:ReservedCodeCacheSize=24m -XX:MaxMetaspaceSize=64m"
SETS=(
  ""
  "-XX:+UseSerialGC $SMALL"
  "-XX:+UseSerialGC $SMALL -Dio.netty.allocator.lowMemory=false"
  "-XX:+UseParallelGC -XX:ParallelGCThreads=2 $SMALL -Dio.netty.allocator.lowMemory=false"
  "-XX:+UseG1GC $SMALL -Dio.netty.allocator.lowMemory=false"
  "-XX:+UseSerialGC $SMALL -Dio.netty.allocator.lowMemory=false -XX:TieredStopAtLevel=1"
)
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  mvn -o -q -B -DskipTests package -pl bench -am  # -am: not an older build from ~/.m2
fi
export SKIP_BUILD=1
n=0
for flags in "${SETS[@]}"; do
  n=$((n + 1))
  echo "== flag set $n: ${flags:-(none)}"
  bench/chain.sh --sizes 1024 --windows 1,64 --runs 3 --jvm-flags "$flags" \
    --out "bench/target/chain-flags/$n" --max-minutes 10 | grep -E '^\| 1024|^- '
done
idle=""
for flags in "${SETS[@]}" "-Xmx32m"; do
  idle="$idle${idle:+;}$flags"
done
# A leading ';' keeps the empty (default) set.
bench/chain.sh --no-matrix --idle-flags ";${idle#;}" --idle-peers 10 --idle-ms 15000 \
  --out bench/target/chain-flags/idle --max-minutes 10 | grep -E '^\|'
