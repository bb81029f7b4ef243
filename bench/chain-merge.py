#!/usr/bin/env python3
"""Merges chain-results.csv files of several bench/chain.sh invocations into one Markdown table of
medians (packets/s, RTT p50/p99) with Conifer / baseline ratios.

usage: bench/chain-merge.py A/chain-results.csv B/chain-results.csv ...
"""
import csv
import statistics
import sys
from collections import defaultdict


def main(paths):
    cells = defaultdict(list)
    for path in paths:
        with open(path) as f:
            for row in csv.DictReader(f):
                cells[(int(row["payload"]), int(row["window"]), row["chain"])].append(row)

    def med(key, field):
        return statistics.median(float(r[field]) for r in cells[key])

    print("| payload | window | runs | baseline packets/s | conifer packets/s | ratio |"
          " baseline p50 / p99 ms | conifer p50 / p99 ms | p99 ratio | conifer lost |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size, window in sorted({(s, w) for s, w, _ in cells}):
        b, c = (size, window, "baseline"), (size, window, "conifer")
        if b not in cells or c not in cells:
            continue
        bp, cp = med(b, "packets_per_s"), med(c, "packets_per_s")
        lost = sum(int(r["lost"]) for r in cells[c])
        print(f"| {size} B | {window} | {len(cells[c])} | {bp:,.0f} | {cp:,.0f} | {cp / bp:.3f} |"
              f" {med(b, 'rtt_p50_ms'):.3f} / {med(b, 'rtt_p99_ms'):.3f} |"
              f" {med(c, 'rtt_p50_ms'):.3f} / {med(c, 'rtt_p99_ms'):.3f} |"
              f" {med(c, 'rtt_p99_ms') / med(b, 'rtt_p99_ms'):.1f} | {lost} |")


if __name__ == "__main__":
    main(sys.argv[1:])
