#!/usr/bin/env bash
# One session stream through 3 `conifer node --relay-only` processes (started by ./conifer with its
# JVM defaults) against raw Netty QUIC over UDP (epoll with GSO/GRO where available; add
# -Dbench.rawUdp=nio to the java line for NIO), interleaved in one run, at each datagram size
# (docs/PERFORMANCE.md, "Sessions").
#   bench/sessions.sh [--mib 128] [--runs 3] [--sizes 1200,32768] [--go PATH]
# Go Pinecone sessions are compared only when --go names a built Go binary; without it that
# comparison is skipped with one line. SKIP_BUILD=1 uses the jars already in node/ and bench/target.
set -euo pipefail
root="$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
mib=128 runs=3 sizes=1200,32768 go=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --mib) mib="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    --go) go="$2"; shift 2 ;;
    *) echo "sessions: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  (cd "$root" && mvn -o -q -B -DskipTests package -pl node,bench -am)
fi
work="$root/bench/target/sessions"
rm -rf "$work"
mkdir -p "$work"
echo "$(date -u '+%F %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs," \
  "load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$root" rev-parse --short HEAD)"
java -Dio.netty.allocator.lowMemory=false -cp "$root/bench/target/benchmarks.jar" \
  dev.conifer.session.ProcessRelaySessionBench "$root/conifer" "$work" "$mib" "$runs" "$sizes"
if [[ -z "$go" ]]; then
  echo "Go sessions: skipped: no Go build given (--go PATH)"
else
  echo "Go sessions: --go $go given, but this script has no Go session driver yet" >&2
  exit 1
fi
