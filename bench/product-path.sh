#!/usr/bin/env bash
# The product path: `conifer ping` through real `conifer node` relays (started by ./conifer) to a
# `conifer node --echo`, once per relay JVM option set, the sets interleaved round by round in one
# run (docs/PERFORMANCE.md, "Memory" and "How to check a change").
#   bench/product-path.sh --opts default --opts "-XX:+UseSerialGC -Xmx64m" [--rounds 3]
# Options: --opts OPTS (repeatable; bench/node-procs.sh explains "default" and @node)
#          --relays N (3) --size B (1024) --window W (16) --warmup N (200000: one ping of N packets
#          before the measured one) --count N (200000) --rounds N (3) --out DIR
# Each round starts fresh relays; the ping client is a new `conifer ping` JVM (default JVM flags).
set -euo pipefail
root="$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
relays=3 size=1024 window=16 warmup=200000 count=200000 rounds=3
out="$root/bench/target/product-path"
sets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --opts) sets+=("$2"); shift 2 ;;
    --relays) relays="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    --window) window="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "product-path: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[[ ${#sets[@]} -gt 0 ]] || sets=(default)
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  (cd "$root" && mvn -o -q -B -DskipTests package -pl node -am)
fi
rm -rf "$out"
mkdir -p "$out"
# shellcheck source=bench/node-procs.sh
source "$root/bench/node-procs.sh"
trap stop_nodes EXIT

# One cell: echo node and relays with OPTS, a warm-up ping, then the measured ping; its summary
# line goes to $out/result-TAG.txt.
cell() {
  local opts="$1" tag="$2" key next i line
  start_node "$opts" "echo-$tag" --echo
  key="$(wait_line "echo-$tag" public-key)"
  next="$(wait_line "echo-$tag" listening)"
  for ((i = relays; i >= 1; i--)); do
    start_node "$opts" "relay$i-$tag" --relay-only --connect "$next"
    next="$(wait_line "relay$i-$tag" listening)"
  done
  if ((warmup > 0)); then
    (unset CONIFER_JAVA_OPTS; "$root/conifer" ping "$key" --connect "$next" --count "$warmup" \
      --size "$size" --window "$window") >"$out/warmup-$tag.txt" 2>&1 || true
  fi
  if ! line="$(unset CONIFER_JAVA_OPTS; "$root/conifer" ping "$key" --connect "$next" \
      --count "$count" --size "$size" --window "$window" 2>"$out/ping-$tag.err")"; then
    echo "product-path: ping failed ($out/ping-$tag.err): $line" >&2
  fi
  stop_nodes
  grep -o 'sent=.*' <<<"$line" | tail -n 1 >"$out/result-$tag.txt" || true
}

{
  machine_line
  echo "$relays relays, ${size} B, window $window, warm-up ping of $warmup packets, then $count" \
    "measured; $rounds rounds, sets interleaved"
  echo
  echo "| relay CONIFER_JAVA_OPTS | round | packets/s | lost | rtt p50 ms | rtt p99 ms |"
  echo "|---|---|---|---|---|---|"
} | tee "$out/results.md"
declare -A rates
for ((r = 1; r <= rounds; r++)); do
  n=0
  for opts in "${sets[@]}"; do
    n=$((n + 1))
    cell "$opts" "$n-$r"
    line="$(cat "$out/result-$n-$r.txt")"
    rate="$(sed -n 's/.*packets\/s=\([0-9.]*\).*/\1/p' <<<"$line")"
    rates[$n]+="${rate:-0} "
    printf '| `%s` | %d | %s | %s | %s | %s |\n' "$opts" "$r" "${rate:-failed}" \
      "$(sed -n 's/.* lost=\([0-9]*\).*/\1/p' <<<"$line")" \
      "$(sed -n 's/.*rtt_p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")" \
      "$(sed -n 's/.*rtt_p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")" | tee -a "$out/results.md"
  done
done
echo | tee -a "$out/results.md"
n=0
for opts in "${sets[@]}"; do
  n=$((n + 1))
  echo "median packets/s, \`$opts\`: $(tr ' ' '\n' <<<"${rates[$n]}" | grep . | median)" \
    | tee -a "$out/results.md"
done
