#!/usr/bin/env bash
# Two earlier commits' relays in one interleaved chain run, for bisecting a regression between
# them (issue 22) without this working tree: NEW's jar is the "conifer" chain, OLD's the "compare"
# chain, and the byte relays run in the same cells. Each commit's node jar is built once in a
# temporary git worktree and kept as bench/target/compare-COMMIT.jar (reused by later runs).
#
#   bench/pair.sh 2a982fc 7254e5b                          # 1 KiB, window 1, 5 runs, cost at window 1
#   bench/pair.sh 84e62b7^ 84e62b7 --windows 1,64 --cost-window 64
#                                                          # chain.sh options after NEW override
#
# Offline Maven builds (run a normal build once first); bench/target/benchmarks.jar must exist
# (mvn -o -q -B -DskipTests package -pl bench -am).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 2 || "$1" == -* || "$2" == -* ]]; then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
old=$1
new=$2
shift 2

# Prints the path of REV's node jar, building it first unless an earlier run kept it.
jar_of() {
  local commit jar tree
  commit=$(git rev-parse --verify "$1^{commit}")
  jar="bench/target/compare-$commit.jar"
  if [[ ! -f "$jar" ]]; then
    tree=$(mktemp -d /tmp/conifer-pair-XXXXXX)
    git worktree add --detach -q "$tree" "$commit"
    echo "building $1 ($commit) in $tree" >&2
    if ! (cd "$tree" && mvn -o -q -B -DskipTests package -pl node -am) >/tmp/pair-build.log 2>&1; then
      cat /tmp/pair-build.log >&2
      git worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"
      exit 1
    fi
    mkdir -p bench/target
    cp "$tree/node/target/conifer.jar" "$jar"
    git worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"
  fi
  echo "$jar"
}

old_jar=$(jar_of "$old")
new_jar=$(jar_of "$new")
echo "conifer = $new ($new_jar), compare = $old ($old_jar)" >&2
defaults=(--sizes 1024 --windows 1 --runs 5 --cost-rounds 3 --cost-window 1
  --jvm-flags "-Dio.netty.allocator.lowMemory=false")
SKIP_BUILD=1 bench/chain.sh --conifer-jar "$new_jar" --compare-jar "$old_jar" "${defaults[@]}" "$@"
