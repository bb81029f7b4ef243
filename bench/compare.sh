#!/usr/bin/env bash
# Compares this working tree's relays with those of an earlier commit in one interleaved chain
# run (issue 22): builds REV's node jar in a temporary git worktree, then runs bench/chain.sh with
# --compare-jar, so every cell is measured for the byte relays, this build ("conifer") and REV
# ("compare") in turn, and the relay cost cells give CPU and allocated bytes per message for each.
#
#   bench/compare.sh main                                  # 1 KiB, windows 1 and 64, 3 runs
#   bench/compare.sh HEAD~3 --perf                         # ... plus a perf profile of each relay
#   bench/compare.sh v0.1 --sizes 64,1024 --windows 16     # chain.sh options after REV override
#                                                          # the defaults above
#
# Offline Maven builds (run a normal build once first). The worktree is removed on exit; REV's jar
# is kept as bench/target/compare-REV.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 1 || "$1" == -* ]]; then
  sed -n '2,14p' "$0" >&2
  exit 2
fi
rev=$1
shift
commit=$(git rev-parse --verify "$rev^{commit}")
tree=$(mktemp -d /tmp/conifer-compare-XXXXXX)
cleanup() { git worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"; }
trap cleanup EXIT
git worktree add --detach -q "$tree" "$commit"
echo "building $rev ($commit) in $tree" >&2
if ! (cd "$tree" && mvn -o -q -B -DskipTests package -pl node -am) >/tmp/compare-build.log 2>&1; then
  cat /tmp/compare-build.log >&2
  exit 1
fi
mkdir -p bench/target
safe=$(printf '%s' "$rev" | tr -c 'A-Za-z0-9._-' '_')
cp "$tree/node/target/conifer.jar" "bench/target/compare-$safe.jar"
defaults=(--sizes 1024 --windows 1,64 --runs 3 --cost-rounds 3
  --jvm-flags "-Dio.netty.allocator.lowMemory=false")
bench/chain.sh --compare-jar "bench/target/compare-$safe.jar" "${defaults[@]}" "$@"
