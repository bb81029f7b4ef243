#!/usr/bin/env python3
"""Summarises JFR recordings of the chain benchmark's relays (JDK 17 has no `jfr view`).

usage: bench/jfr-top.py FILE.jfr [FILE.jfr ...] [--top N] [--thread PREFIX] [--after S] [--lines]

Prints, over all files: CPU samples (jdk.ExecutionSample) by thread, by top frame (self) and by
method anywhere on the stack (inclusive); native samples (jdk.NativeMethodSample) by top frame;
allocation (jdk.ObjectAllocationSample, weighted by its byte estimate) by class and by the first
non-JDK allocating frame; and GC pauses.

--thread keeps the events of threads whose name starts with PREFIX (e.g. conifer-io), --after
those from S seconds after each recording's first event (past the warm-up), and --lines adds
the top frames with their line numbers. In compiled code a sample lands on the nearest point the
JIT recorded, often a call or a loop's back edge, so read lines as neighbourhoods.
"""
import argparse
import collections
import datetime
import json
import subprocess
import sys


def events(path, name):
    out = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "64", "--events", name, path],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frame_name(frame):
    m = frame["method"]
    return m["type"]["name"] + "." + m["name"]


def seconds(timestamp):
    """An event's startTime ("2026-12-08T01:52:03.123456789Z") as seconds since the epoch."""
    whole, _, fraction = timestamp.rstrip("Z").partition(".")
    start = datetime.datetime.fromisoformat(whole).replace(tzinfo=datetime.timezone.utc)
    return start.timestamp() + float("0." + (fraction or "0"))


def thread_name(event):
    """The thread a sample was taken on, or (allocation samples) the one the event came from."""
    values = event["values"]
    thread = values.get("sampledThread") or values.get("eventThread") or {}
    return thread.get("javaName") or ""


def selected(path, name, thread, after):
    """The events of kind NAME in PATH, restricted to --thread and --after."""
    chosen = events(path, name)
    if thread:
        chosen = [e for e in chosen if thread_name(e).startswith(thread)]
    if after and chosen:
        first = min(seconds(e["values"]["startTime"]) for e in events(path, name))
        chosen = [e for e in chosen if seconds(e["values"]["startTime"]) - first >= after]
    return chosen


def is_jdk(name):
    return name.startswith(("java.", "jdk.", "sun."))


def show(title, counter, total, top):
    print(f"\n## {title} (total {total:,.0f})")
    for key, n in counter.most_common(top):
        print(f"{100.0 * n / max(total, 1):6.1f}%  {n:>10,.0f}  {key}")


def main(argv):
    parser = argparse.ArgumentParser(prog="bench/jfr-top.py")
    parser.add_argument("files", nargs="+", metavar="FILE.jfr")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--thread", default="", metavar="PREFIX")
    parser.add_argument("--after", type=float, default=0.0, metavar="S")
    parser.add_argument("--lines", action="store_true")
    args = parser.parse_args(argv)
    top = args.top
    threads, self_cpu, incl_cpu, native = (collections.Counter() for _ in range(4))
    self_lines = collections.Counter()
    alloc_class, alloc_site = collections.Counter(), collections.Counter()
    cpu_total = native_total = alloc_total = 0
    pauses = []
    for path in args.files:
        for e in selected(path, "jdk.ExecutionSample", args.thread, args.after):
            frames = e["values"]["stackTrace"]["frames"] if e["values"]["stackTrace"] else []
            if not frames:
                continue
            cpu_total += 1
            threads[e["values"]["sampledThread"]["javaName"] or "?"] += 1
            self_cpu[frame_name(frames[0])] += 1
            self_lines[f"{frame_name(frames[0])}:{frames[0].get('lineNumber')}"] += 1
            for name in {frame_name(f) for f in frames}:
                incl_cpu[name] += 1
        for e in selected(path, "jdk.NativeMethodSample", args.thread, args.after):
            frames = e["values"]["stackTrace"]["frames"] if e["values"]["stackTrace"] else []
            if frames:
                native_total += 1
                thread = e["values"]["sampledThread"]["javaName"] or "?"
                native[thread + ": " + frame_name(frames[0])] += 1
        for e in selected(path, "jdk.ObjectAllocationSample", args.thread, args.after):
            weight = e["values"]["weight"]
            alloc_total += weight
            alloc_class[e["values"]["objectClass"]["name"]] += weight
            frames = e["values"]["stackTrace"]["frames"] if e["values"]["stackTrace"] else []
            site = next((frame_name(f) for f in frames if not is_jdk(frame_name(f))),
                        frame_name(frames[0]) if frames else "?")
            alloc_site[site] += weight
        for e in events(path, "jdk.GarbageCollection"):
            pauses.append((e["values"]["name"], e["values"]["sumOfPauses"]))
    show("CPU samples by thread", threads, cpu_total, top)
    show("CPU samples by top frame (self)", self_cpu, cpu_total, top)
    if args.lines:
        show("CPU samples by top frame and line (self)", self_lines, cpu_total, top)
    show("CPU samples by method on the stack (inclusive)",
         collections.Counter({k: v for k, v in incl_cpu.items() if not is_jdk(k)}), cpu_total, top)
    show("Native samples by thread: top frame", native, native_total, 10)
    show("Allocated bytes (sampled estimate) by class", alloc_class, alloc_total, 15)
    show("Allocated bytes by first non-JDK frame", alloc_site, alloc_total, 15)
    print(f"\n## GC: {len(pauses)} collections; pauses: "
          + ", ".join(f"{name} {p}" for name, p in pauses[:20]))


if __name__ == "__main__":
    main(sys.argv[1:])
