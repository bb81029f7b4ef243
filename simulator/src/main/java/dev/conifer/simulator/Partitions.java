package dev.conifer.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A run's partitions of the nodes, and which node goes where. Only speed depends on the split,
 * never the result ({@link EventOrder}). With one thread the one partition uses the run's own
 * clock, queue and byte counts.
 */
final class Partitions {
  final Partition[] all;
  private final long[] load;
  private final TimeSeries series;
  private boolean bytesMerged;

  Partitions(int count, SimClock clock, EventQueue queue, TimeSeries series) {
    this.all = new Partition[count];
    this.load = new long[count];
    this.series = series;
    long[][] shape = series.bytesByType;
    for (int i = 0; i < count; i++) {
      all[i] =
          count == 1
              ? new Partition(0, clock, queue, 1, shape)
              : newPartition(i, count, new long[shape.length][shape[0].length]);
    }
  }

  private static Partition newPartition(int index, int count, long[][] bytes) {
    SimClock clock = new SimClock();
    return new Partition(index, clock, new EventQueue(clock), count, bytes);
  }

  /**
   * Spreads {@code nodes} by degree, heaviest first, each to the least loaded partition: a node's
   * events grow with its links.
   */
  void assign(List<SimNode> nodes) {
    List<SimNode> byDegree = new ArrayList<>(nodes);
    byDegree.sort(
        Comparator.comparingInt((SimNode n) -> -n.links.size()).thenComparingInt(n -> n.index));
    Arrays.fill(load, 0);
    for (SimNode n : byDegree) {
      place(n);
    }
  }

  /** Puts {@code node} in the least loaded partition. */
  void place(SimNode node) {
    int best = 0;
    for (int i = 1; i < all.length; i++) {
      if (load[i] < load[best]) {
        best = i;
      }
    }
    node.partition = all[best];
    load[best] += node.links.size() + 1;
  }

  /** Adds the partitions' byte counts into the run's series (once; one partition counts there). */
  void mergeBytes() {
    if (bytesMerged || all.length == 1) {
      return;
    }
    bytesMerged = true;
    for (Partition p : all) {
      for (int type = 0; type < p.bytesByType.length; type++) {
        for (int bucket = 0; bucket < p.bytesByType[type].length; bucket++) {
          series.bytesByType[type][bucket] += p.bytesByType[type][bucket];
        }
      }
    }
  }
}
