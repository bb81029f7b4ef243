package dev.conifer.bench.chain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Extra 1 KiB cells (window 64 unless {@code --cost-window}), one per chain and round, interleaved,
 * that measure what the middle relay spends per echoed message: CPU by thread (from /proc), bytes
 * allocated by thread (through JMX, which the machine's load hardly moves) and, with {@code
 * --perf}, a perf profile of the first round. The medians over rounds compare chains of the same
 * run.
 */
final class RelayCost {
  /** One chain to measure: its load and the pid of its middle relay. */
  record Chain(String kind, ClosedLoopLoad load, long pid) {}

  private RelayCost() {}

  static String measure(ChainOptions options, Path out, List<Chain> chains)
      throws InterruptedException {
    StringBuilder cpuRows = new StringBuilder();
    StringBuilder allocRows = new StringBuilder();
    StringBuilder profiles = new StringBuilder();
    Map<String, List<double[]>> perChain = new java.util.LinkedHashMap<>();
    List<AllocationProbe> probes = new ArrayList<>();
    for (Chain chain : chains) {
      probes.add(attach(chain));
      perChain.put(chain.kind, new ArrayList<>());
    }
    try {
      for (int round = 1; round <= options.costRounds; round++) {
        for (int i = 0; i < chains.size(); i++) {
          Chain chain = chains.get(i);
          AllocationProbe probe = probes.get(i);
          Map<String, long[]> cpuBefore = ThreadCpu.snapshot(chain.pid);
          Map<String, Long> allocBefore = probe == null ? Map.of() : probe.snapshot();
          PerfRecorder perf =
              options.perf && round == 1
                  ? PerfRecorder.start(
                      out, chain.kind, chain.pid, options.warmupMs + options.measureMs)
                  : null;
          CellResult cell =
              chain.load.run(1024, options.costWindow, options.warmupMs, options.measureMs);
          Map<String, long[]> cpuAfter = ThreadCpu.snapshot(chain.pid);
          Map<String, Long> allocAfter = probe == null ? Map.of() : probe.snapshot();
          long n = Math.max(1, chain.load.receivedInCell());
          String label =
              String.format(
                  Locale.ROOT,
                  "%s relay 2, round %d (%,.0f/s)",
                  chain.kind,
                  round,
                  cell.packetsPerSecond());
          cpuRows.append(ThreadCpu.rows(label, cpuBefore, cpuAfter, n));
          allocRows.append(AllocationProbe.rows(label, allocBefore, allocAfter, n));
          perChain
              .get(chain.kind)
              .add(
                  new double[] {
                    ThreadCpu.totalMicros(cpuBefore, cpuAfter) / n,
                    AllocationProbe.total(allocBefore, allocAfter) / (double) n,
                    cell.packetsPerSecond()
                  });
          if (perf != null) {
            profiles.append("\n`perf` of ").append(label).append(" (whole cell):\n\n```\n");
            profiles.append(perf.finish(30, n)).append("```\n");
          }
        }
      }
    } catch (java.io.IOException e) {
      profiles.append("\nperf report failed: ").append(e.getMessage()).append('\n');
    } finally {
      for (AllocationProbe probe : probes) {
        closeQuietly(probe);
      }
    }
    return "\nRelay cost per echoed message, median of "
        + options.costRounds
        + " interleaved 1 KiB window-"
        + options.costWindow
        + " cells per chain (middle relay; a message crosses it"
        + " twice):\n\n| chain | CPU µs / message | allocated bytes / message | packets/s |\n"
        + "|---|---|---|---|\n"
        + medians(perChain)
        + "\nCPU by relay thread:\n\n| relay | thread | CPU µs / message |"
        + " voluntary switches / message | involuntary switches / message |\n|---|---|---|---|---|\n"
        + cpuRows
        + "\nAllocation by relay thread:\n\n| relay | thread | bytes / message |\n|---|---|---|\n"
        + allocRows
        + profiles;
  }

  private static String medians(Map<String, List<double[]>> perChain) {
    StringBuilder rows = new StringBuilder();
    for (Map.Entry<String, List<double[]>> e : perChain.entrySet()) {
      rows.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.0f | %,.0f |%n",
              e.getKey(),
              median(e.getValue(), 0),
              median(e.getValue(), 1),
              median(e.getValue(), 2)));
    }
    return rows.toString();
  }

  private static double median(List<double[]> rows, int column) {
    double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  private static AllocationProbe attach(Chain chain) {
    try {
      return AllocationProbe.attach(chain.pid);
    } catch (java.io.IOException | RuntimeException e) {
      System.err.println("no allocation figures for " + chain.kind + ": " + e);
      return null;
    }
  }

  private static void closeQuietly(AllocationProbe probe) {
    if (probe == null) {
      return;
    }
    try {
      probe.close();
    } catch (java.io.IOException e) {
      System.err.println("closing a JMX connection: " + e);
    }
  }
}
