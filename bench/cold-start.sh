#!/usr/bin/env bash
# Cold start of the CLI: the wall time of `conifer ping --count 10000` (JVM start, a temporary node,
# the route, 10k packets of 1 KiB at window 16) through warm `conifer node` relays, and of `conifer
# status`, per CLI JVM option set, interleaved run by run. The set "appcds" first records a dynamic
# AppCDS archive of one ping (-XX:ArchiveClassesAtExit), then uses it for ping and status
# (docs/PERFORMANCE.md, "Cold start").
#   bench/cold-start.sh [--runs 5] [--relays 3] [--warmup 100000]
#       [--opts default --opts appcds --opts "-XX:TieredStopAtLevel=1"]   (these three by default)
# --warmup: packets pinged through the relays before the timed runs.
set -euo pipefail
root="$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
runs=5 relays=3 warmup=100000 out="$root/bench/target/cold-start"
sets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --relays) relays="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --opts) sets+=("$2"); shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "cold-start: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[[ ${#sets[@]} -gt 0 ]] || sets=(default appcds "-XX:TieredStopAtLevel=1")
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  (cd "$root" && mvn -o -q -B -DskipTests package -pl node -am)
fi
rm -rf "$out"
mkdir -p "$out"
# shellcheck source=bench/node-procs.sh
source "$root/bench/node-procs.sh"
trap stop_nodes EXIT

start_node default echo --echo
key="$(wait_line echo public-key)"
next="$(wait_line echo listening)"
admin="$(wait_line echo admin)"
admin="${admin#http://}" # status takes HOST:PORT
for ((i = relays; i >= 1; i--)); do
  start_node default "relay$i" --relay-only --connect "$next"
  next="$(wait_line "relay$i" listening)"
done
cli() { # cli OPTS ARGS...: the conifer CLI with CONIFER_JAVA_OPTS=OPTS
  local opts="$1"
  shift
  [[ "$opts" == default ]] && opts=""
  [[ "$opts" == appcds ]] && opts="-XX:SharedArchiveFile=$out/cli.jsa"
  CONIFER_JAVA_OPTS="$opts" "$root/conifer" "$@"
}
ping_args=("$key" --connect "$next" --size 1024 --window 16)
cli default ping "${ping_args[@]}" --count "$warmup" >"$out/warmup.txt" 2>&1 # warms the relays
ping_args+=(--count 10000)
if printf '%s\n' "${sets[@]}" | grep -qx appcds; then
  CONIFER_JAVA_OPTS="-XX:ArchiveClassesAtExit=$out/cli.jsa" "$root/conifer" ping "${ping_args[@]}" \
    >"$out/archive.txt" 2>&1
  ls -l "$out/cli.jsa" >>"$out/archive.txt"
fi
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
{
  machine_line
  echo "CLI cold start, $relays warm relays, $runs runs per set, interleaved"
  echo
  echo "| CLI CONIFER_JAVA_OPTS | ping 10k wall ms (median, range) | its packets/s (median) | status wall ms (median, range) |"
  echo "|---|---|---|---|"
} | tee "$out/results.md"
declare -A ping_ms status_ms rates
for ((r = 1; r <= runs; r++)); do
  n=0
  for opts in "${sets[@]}"; do
    n=$((n + 1))
    t=$(date +%s%N)
    line="$(cli "$opts" ping "${ping_args[@]}" 2>>"$out/ping-$n.err" | grep -o 'sent=.*' || true)"
    ping_ms[$n]+="$(ms "$t") "
    rates[$n]+="$(sed -n 's/.*packets\/s=\([0-9.]*\).*/\1/p' <<<"$line") "
    t=$(date +%s%N)
    cli "$opts" status --admin "$admin" >/dev/null 2>>"$out/status-$n.err" || echo "status failed" >&2
    status_ms[$n]+="$(ms "$t") "
  done
done
n=0
for opts in "${sets[@]}"; do
  n=$((n + 1))
  p="$(tr ' ' '\n' <<<"${ping_ms[$n]}" | grep .)"
  s="$(tr ' ' '\n' <<<"${status_ms[$n]}" | grep .)"
  printf '| `%s` | %s (%s–%s) | %s | %s (%s–%s) |\n' "$opts" \
    "$(median <<<"$p")" "$(sort -n <<<"$p" | head -1)" "$(sort -n <<<"$p" | tail -1)" \
    "$(tr ' ' '\n' <<<"${rates[$n]}" | grep . | median)" \
    "$(median <<<"$s")" "$(sort -n <<<"$s" | head -1)" "$(sort -n <<<"$s" | tail -1)" \
    | tee -a "$out/results.md"
done
