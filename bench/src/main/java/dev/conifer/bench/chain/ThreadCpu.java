package dev.conifer.bench.chain;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-thread CPU time and context switches of a child process, from /proc/PID/task/TID/{stat,
 * status}. The difference of two snapshots over a measured cell says exactly which threads of a
 * relay spent the CPU, and how often they were switched out, per forwarded message.
 */
final class ThreadCpu {
  private static final double TICK_NS = 1e9 / 100; // USER_HZ is 100 on Linux

  /** Thread-name group (digits removed) to {cpu ticks, voluntary, involuntary switches}. */
  static Map<String, long[]> snapshot(long pid) {
    Map<String, long[]> byName = new TreeMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
      for (Path task : dir) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String name = stat.substring(open + 1, close).replaceAll("[0-9a-f]{6,}|[0-9]+", "#");
          String[] fields = stat.substring(close + 2).split(" ");
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
          long voluntary = 0;
          long involuntary = 0;
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
              voluntary = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
              involuntary = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
          }
          long[] sum = byName.computeIfAbsent(name, k -> new long[3]);
          sum[0] += ticks;
          sum[1] += voluntary;
          sum[2] += involuntary;
        } catch (IOException | RuntimeException threadEnded) {
          // The thread exited between listing and reading.
        }
      }
    } catch (IOException e) {
      return byName;
    }
    return byName;
  }

  /** CPU µs of all threads between two snapshots. */
  static double totalMicros(Map<String, long[]> before, Map<String, long[]> after) {
    long ticks = 0;
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      ticks += e.getValue()[0] - before.getOrDefault(e.getKey(), new long[3])[0];
    }
    return ticks * TICK_NS / 1e3;
  }

  /** Markdown rows: per thread group, CPU µs and context switches per message. */
  static String rows(String label, Map<String, long[]> before, Map<String, long[]> after, long n) {
    StringBuilder out = new StringBuilder();
    long totalTicks = 0;
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      long[] b = before.getOrDefault(e.getKey(), new long[3]);
      long ticks = e.getValue()[0] - b[0];
      totalTicks += ticks;
      if (ticks == 0) {
        continue;
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.2f | %.3f | %.3f |%n",
              label,
              e.getKey(),
              ticks * TICK_NS / 1e3 / n,
              (e.getValue()[1] - b[1]) / (double) n,
              (e.getValue()[2] - b[2]) / (double) n));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | **all threads** | **%.2f** | | |%n",
            label,
            totalTicks * TICK_NS / 1e3 / n));
    return out.toString();
  }
}
