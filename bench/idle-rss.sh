#!/usr/bin/env bash
# RSS of an idle `conifer node` with N peer nodes, started exactly as a user starts it: through the
# ./conifer launcher (its JVM defaults) and the jar's manifest. Each peer is a `conifer node
# --relay-only` process connected to it. After every peer is up and a settle time has passed, the
# node's VmRSS (and Pss) is sampled; the median is reported. docs/PERFORMANCE.md, "Memory".
#
#   bench/idle-rss.sh                                    # launcher defaults, 10 peers
#   bench/idle-rss.sh --opts default --opts "-Xmx64m"    # flag sets in one run (default = launcher's)
#   bench/idle-rss.sh --relay-only --nmt                 # a --relay-only node, NMT summary too
#
# Options: --peers N (10) --settle S (30) --samples N (5) --interval S (2) --relay-only
#          --opts "JVM FLAGS" (repeatable; "default" = CONIFER_JAVA_OPTS unset, the launcher's own;
#                  @node = the launcher's option file; leading NAME=VALUE words set environment)
#          --nmt (also run each set with -XX:NativeMemoryTracking=summary and print jcmd's summary)
#          --out DIR (bench/target/idle-rss)
# Needs node/target/conifer.jar (SKIP_BUILD=1 skips `mvn -o -q package -pl node -am`).
set -euo pipefail
root="$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
peers=10 settle=30 samples=5 interval=2 relay_only="" nmt=0 out="$root/bench/target/idle-rss"
sets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --peers) peers="$2"; shift 2 ;;
    --settle) settle="$2"; shift 2 ;;
    --samples) samples="$2"; shift 2 ;;
    --interval) interval="$2"; shift 2 ;;
    --relay-only) relay_only="--relay-only"; shift ;;
    --opts) sets+=("$2"); shift 2 ;;
    --nmt) nmt=1; shift ;;
    --out) out="$2"; shift 2 ;;
    *) echo "idle-rss: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[[ ${#sets[@]} -gt 0 ]] || sets=(default)
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  (cd "$root" && mvn -o -q -B -DskipTests package -pl node -am)
fi
# Peers: small and C1-only, so eleven JVMs start quickly; their flags do not change the node's RSS.
peer_opts="${PEER_JAVA_OPTS:--XX:+UseSerialGC -Xmx32m -XX:TieredStopAtLevel=1 -Xshare:auto}"
rm -rf "$out"
mkdir -p "$out"
# shellcheck source=bench/node-procs.sh
source "$root/bench/node-procs.sh"
trap stop_nodes EXIT

measure() {
  local opts="$1" tag="$2" node_pid listen admin up i rss pss
  start_node "$opts" "node-$tag" $relay_only
  node_pid=${pids[-1]}
  listen="$(wait_line "node-$tag" listening)"
  admin="$(wait_line "node-$tag" admin)"
  for ((i = 1; i <= peers; i++)); do
    start_node "$peer_opts" "peer-$tag-$i" --relay-only --connect "$listen"
  done
  local deadline=$((SECONDS + 600))
  up=0
  while ((SECONDS < deadline)); do
    up="$(curl -fsS "$admin/status" | grep -o '"port"' | wc -l || true)"
    ((up >= peers)) && break
    sleep 1
  done
  ((up >= peers)) || echo "idle-rss: only $up of $peers peers came up in 600 s" >&2
  sleep "$settle"
  local rss_list=() pss_list=()
  for ((i = 0; i < samples; i++)); do
    ((i == 0)) || sleep "$interval"
    rss_list+=("$(awk '/^VmRSS:/ {print $2}' "/proc/$node_pid/status")")
    pss_list+=("$(awk '/^Pss:/ {print $2}' "/proc/$node_pid/smaps_rollup")")
  done
  rss="$(printf '%s\n' "${rss_list[@]}" | median)"
  pss="$(printf '%s\n' "${pss_list[@]}" | median)"
  local threads
  threads="$(awk '/^Threads:/ {print $2}' "/proc/$node_pid/status")"
  printf '| `%s` | %d | %.1f MB | %.1f–%.1f MB | %.1f MB | %d |\n' "$opts" "$up" \
    "$(echo "$rss * 1024 / 1000000" | bc -l)" \
    "$(printf '%s\n' "${rss_list[@]}" | sort -n | head -1 | awk '{print $1*1024/1e6}')" \
    "$(printf '%s\n' "${rss_list[@]}" | sort -n | tail -1 | awk '{print $1*1024/1e6}')" \
    "$(echo "$pss * 1024 / 1000000" | bc -l)" "$threads" | tee -a "$out/results.md"
  if [[ "$tag" == *nmt ]]; then
    jcmd "$node_pid" VM.native_memory summary >"$out/nmt-$tag.txt" 2>&1 || true
    jcmd "$node_pid" VM.flags >>"$out/nmt-$tag.txt" 2>&1 || true
    # Resident memory by mapping (NMT does not see the JVM's own libraries, native libraries' malloc
    # or glibc's arenas): the largest first, in KiB.
    awk '/^[0-9a-f]+-[0-9a-f]+ / {name = (NF >= 6) ? $6 : "[anon]"; sub(/.*\//, "", name)}
         /^Rss:/ {rss[name] += $2}
         END {for (n in rss) if (rss[n] >= 256) printf "%8d KiB  %s\n", rss[n], n}' \
      "/proc/$node_pid/smaps" | sort -rn >"$out/smaps-$tag.txt"
    echo "  NMT summary: $out/nmt-$tag.txt" >&2
  fi
  stop_nodes
}

{
  echo "idle conifer node ${relay_only:-(all services)}, $peers peers, settle ${settle}s," \
    "median of $samples VmRSS samples ${interval}s apart; $(date -u '+%F %H:%M UTC')," \
    "$(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| CONIFER_JAVA_OPTS | peers up | RSS median | RSS range | Pss | threads |"
  echo "|---|---|---|---|---|---|"
} | tee "$out/results.md"
n=0
for opts in "${sets[@]}"; do
  n=$((n + 1))
  measure "$opts" "$n"
  if ((nmt)); then
    if [[ "$opts" == default ]]; then
      # The launcher's defaults plus NMT: read them from the launcher itself.
      base="$(unset CONIFER_JAVA_OPTS; CONIFER_PRINT_JAVA_OPTS=1 "$root/conifer" node $relay_only)"
    else
      base="$opts"
    fi
    measure "$base -XX:NativeMemoryTracking=summary" "$n-nmt"
  fi
done
