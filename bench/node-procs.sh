# Sourced by bench scripts that run `conifer node` processes through the ./conifer launcher.
# Needs $root (the repository) and $out (a work directory); fills the array pids, and pid_of
# (NAME -> process id).
pids=()
declare -A pid_of=()

# Stops every process start_node started.
stop_nodes() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}

# start_node OPTS NAME [node args...]: `conifer node` in the background, stdout in $out/NAME.out.
# OPTS "default" leaves CONIFER_JAVA_OPTS unset (the launcher's own options); otherwise it is
# CONIFER_JAVA_OPTS, where @node stands for the launcher's option file and leading NAME=VALUE words
# are environment variables (e.g. MALLOC_ARENA_MAX=2).
start_node() {
  local opts="$1" name="$2" envs=()
  shift 2
  mkdir -p "$out/$name.data"
  while [[ "$opts" =~ ^([A-Z_]+=[^ ]*)\ *(.*)$ ]]; do
    envs+=("${BASH_REMATCH[1]}")
    opts="${BASH_REMATCH[2]}"
  done
  opts="${opts//@node/@$root/packaging/node.jvm-options}"
  if [[ "$opts" == default ]]; then
    (unset CONIFER_JAVA_OPTS; exec env "${envs[@]}" "$root/conifer" node --data "$out/$name.data" \
      --listen tcp://127.0.0.1:0 --admin 127.0.0.1:0 "$@" >"$out/$name.out" 2>"$out/$name.err") &
  else
    (exec env "${envs[@]}" CONIFER_JAVA_OPTS="$opts" "$root/conifer" node --data "$out/$name.data" \
      --listen tcp://127.0.0.1:0 --admin 127.0.0.1:0 "$@" >"$out/$name.out" 2>"$out/$name.err") &
  fi
  pids+=($!)
  pid_of[$name]=$!
}

# wait_line NAME WORD: waits for "WORD ..." on $out/NAME.out and prints the rest; up to 300 s, as
# a loaded machine can take minutes to start a JVM, and no longer than the process lives.
wait_line() {
  local deadline=$((SECONDS + 300)) line pid="${pid_of[$1]:-}"
  while ((SECONDS < deadline)); do
    line="$(grep -m1 "^$2 " "$out/$1.out" 2>/dev/null || true)"
    if [[ -n "$line" ]]; then echo "${line#"$2 "}"; return 0; fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      echo "$(basename "$0"): $1 exited before printing a '$2' line; stderr: $out/$1.err" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "$(basename "$0"): $1 printed no '$2' line in 300 s; stderr: $out/$1.err" >&2
  return 1
}

# median: of the numbers on stdin, one a line.
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# machine_line: when, which CPU, how loaded, which commit.
machine_line() {
  echo "$(date -u '+%F %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs," \
    "load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$root" rev-parse --short HEAD)"
}
