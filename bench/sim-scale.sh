#!/usr/bin/env bash
# The simulator's scale benchmark (issue 24, docs/PERFORMANCE.md "Simulator"): not a CI test.
#
#   bench/sim-scale.sh                 # speed: pl:9204:28959 (AS-like), 60 virtual s, 10,000 probe
#                                      # pairs a second, on $THREADS threads (2) with a JFR profile,
#                                      # on 1 thread (the baseline, same run), then on $THREADS again
#                                      # (the figure): cost lines, the ratio, byte-identical summaries
#   bench/sim-scale.sh --memory        # memory: ba:100000:3, 60 virtual s, -Xmx15g: peak RSS and
#                                      # live heap per node on the cost line
#   GRAPH=ba:9204:3 bench/sim-scale.sh # another graph
#   THREADS=4 JVM_FLAGS="-Xmx8g" bench/sim-scale.sh   # other thread count, other JVM options
#
# Needs node/target/conifer.jar (mvn -o -q -B -DskipTests package -pl node -am). Results go to
# bench/target/sim-scale/. Measure on a quiet machine: on a loaded one only CPU time and profile
# shares mean anything.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=node/target/conifer.jar
OUT=bench/target/sim-scale
[[ -f $JAR ]] || { echo "sim-scale: $JAR is missing; build it first" >&2; exit 1; }
mkdir -p "$OUT"
lscpu | grep 'Model name' >&2 || true
uptime >&2

if [[ ${1:-} == --memory ]]; then
  GRAPH=${GRAPH:-ba:100000:3}
  # 15 GiB of heap leaves room under 16 GiB for the rest of the process (0.5 GiB at 100,000 nodes).
  java -Xmx15g -jar "$JAR" sim --no-progress --generate "$GRAPH" --duration "${DURATION:-60s}" \
    --pairs 1000 --seed 1 --out "$OUT/memory" > "$OUT/memory.json" 2> "$OUT/memory.err"
  grep '^sim: wall' "$OUT/memory.err"
  exit 0
fi

GRAPH=${GRAPH:-pl:9204:28959}
THREADS=${THREADS:-2}
# The JVM options ./conifer gives `sim` (the parallel collector, transparent huge pages) and a heap
# sized for 9,204 nodes: a 3 GB young generation collects about every 10 virtual s, so the routers'
# state (short-lived next to a run, long-lived next to a frame) is copied fewer times.
JVM_FLAGS=${JVM_FLAGS:--XX:+UseParallelGC -XX:+UseTransparentHugePages -Xmx8g -Xms5g -Xmn3g}
run() { # name, threads, extra JVM flags...
  local name=$1 threads=$2
  shift 2
  # shellcheck disable=SC2086 # JVM_FLAGS is a list of options.
  java $JVM_FLAGS "$@" -jar "$JAR" sim --no-progress --generate "$GRAPH" \
    --duration 60s --pairs 10000 --seed 1 --threads "$threads" --out "$OUT/$name" \
    > "$OUT/$name.json" 2> "$OUT/$name.err"
  echo "$name ($threads thread(s)): $(grep '^sim: wall' "$OUT/$name.err")"
}
wall() { sed -n 's/^sim: wall \([0-9.]*\) s.*/\1/p' "$OUT/$1.err"; }
run profiled "$THREADS" -XX:StartFlightRecording=settings=profile,filename="$OUT/profiled.jfr"
run one 1
run many "$THREADS"
for name in one many; do
  if ! cmp -s "$OUT/profiled/summary.json" "$OUT/$name/summary.json"; then
    echo "NOT deterministic: $OUT/profiled/summary.json and $OUT/$name/summary.json differ" >&2
    exit 1
  fi
done
echo "deterministic: the three summaries are byte-identical"
echo "speed-up on $THREADS threads: $(python3 -c "print(f'{$(wall one) / $(wall many):.2f}x')") (wall of 1 thread / wall of $THREADS)"
python3 bench/jfr-top.py "$OUT/profiled.jfr" --top 30 > "$OUT/profile.txt"
echo "profile (JFR, with its own overhead; the last run's wall time is the figure): $OUT/profile.txt"
