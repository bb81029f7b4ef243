package dev.conifer.node.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code conifer sim} run cost: wall and CPU time, events per second of each, peak resident
 * memory and the heap still live at the end, per node. Printed on stderr only, never in the summary
 * line, which must stay byte-identical for a seed. On a loaded machine CPU time is the figure to
 * compare; wall time is the one the targets name.
 */
final class SimRunCost {
  private final long wallStartNs = System.nanoTime();
  private final long cpuStartNs = threadCpuNs();

  /** The line for {@code events} events over {@code nodes} nodes, measured now. */
  String line(long events, int nodes) {
    double wallS = (System.nanoTime() - wallStartNs) / 1e9;
    double cpuS = (threadCpuNs() - cpuStartNs) / 1e9;
    long liveHeap = liveHeapBytes();
    return String.format(
        Locale.ROOT,
        "wall %.1f s, simulation CPU %.1f s, %d events (%.0f/s wall, %.0f/s CPU), peak RSS %s,"
            + " live heap at end %d MiB (%.1f KiB per node)",
        wallS,
        cpuS,
        events,
        events / Math.max(wallS, 1e-9),
        events / Math.max(cpuS, 1e-9),
        peakRss(),
        liveHeap >> 20,
        liveHeap / 1024.0 / Math.max(1, nodes));
  }

  private static long threadCpuNs() {
    var threads = ManagementFactory.getThreadMXBean();
    return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
  }

  /** Heap in use after a full collection: what the run's state needs, not its garbage. */
  private static long liveHeapBytes() {
    System.gc(); // once, at the end: the only way to tell live state from garbage
    long used = 0;
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage u = pool.getUsage();
      if (pool.getType() == MemoryType.HEAP && u != null) {
        used += u.getUsed();
      }
    }
    return used;
  }

  /** VmHWM of /proc/self/status (Linux), e.g. "4608 MiB"; "unknown" elsewhere. */
  private static String peakRss() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
      for (String l : lines) {
        if (l.startsWith("VmHWM:")) {
          long kib = Long.parseLong(l.substring(6).strip().split("\\s+")[0]);
          return (kib >> 10) + " MiB";
        }
      }
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown";
  }
}
