#!/usr/bin/env bash
# RSS of an idle `conifer node --relay-only` relay with 10 peers, after 75 s (docs/PERFORMANCE.md
# "Memory"). Usage: bench/relay-rss.sh [--launcher | "JVM FLAGS"]
#   --launcher   start the relay through ./conifer, with the launcher's default JVM options
#   "FLAGS"      start it with `java FLAGS -jar node/target/conifer.jar`
# Loopback only; every process it starts is stopped at the end.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/node/target/conifer.jar"
[[ -f "$jar" ]] || { echo "build first: mvn -q -B -DskipTests package -pl node -am" >&2; exit 1; }
work="$(mktemp -d)"
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

if [[ "${1:-}" == "--launcher" ]]; then
  relay=("$root/conifer")
else
  # shellcheck disable=SC2206 # the flags are a list meant to be split
  relay=(java ${1:-} -jar "$jar")
fi
"${relay[@]}" node --relay-only --admin off --key "$work/relay.key" --listen tcp://127.0.0.1:0 \
  >"$work/relay.out" 2>"$work/relay.err" &
pids+=($!)
for _ in $(seq 120); do grep -q '^listening ' "$work/relay.out" && break; sleep 0.5; done
uri="$(awk '/^listening /{print $2; exit}' "$work/relay.out")"
[[ -n "$uri" ]] || { echo "the relay did not start: $(cat "$work/relay.err")" >&2; exit 1; }
pid="$(pgrep -f -- "--key $work/relay.key" | head -n 1)"
for i in $(seq 10); do
  java -Xmx24m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" node --relay-only --admin off \
    --key "$work/peer$i.key" --connect "$uri" >/dev/null 2>&1 &
  pids+=($!)
done
sleep 75
peers="$(grep -c 'peer up' "$work/relay.err" || true)"
rss="$(awk '/VmRSS/{print $2}' "/proc/$pid/status")"
echo "peers_up=$peers rss_kb=$rss cpu=\"$(lscpu | sed -n 's/^Model name: *//p')\" cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" | cut -c1-300)"
