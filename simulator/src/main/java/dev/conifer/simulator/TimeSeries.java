package dev.conifer.simulator;

import dev.conifer.snek.wire.FrameType;
import java.util.Arrays;

/**
 * Per-interval measurements: bytes sent by frame type (counted when sent), frames dropped by type
 * (counted at the end of the interval) and a snapshot of the network taken then. Bucket {@code i}
 * covers [i·interval, (i+1)·interval).
 */
public final class TimeSeries {
  static final int TYPE_COUNT = FrameType.values().length;

  private final long intervalNs;
  private final int bucketCount;
  final long[][] bytesByType;
  final int[] liveNodes;
  final int[] upLinks;
  final int[] components;
  final int[] rootCorrect;
  final int[] snakeCorrect;
  final boolean[] converged;
  final double[] routesMean;
  final int[] routesMax;
  final boolean[] sampled;

  /** Frames dropped in each interval, by type, whatever the verdict's reason. */
  final long[][] droppedByType;

  private final long[] droppedSoFar = new long[TYPE_COUNT];

  TimeSeries(long durationNs, long intervalNs) {
    this.intervalNs = intervalNs;
    this.bucketCount = (int) Math.max(1, (durationNs + intervalNs - 1) / intervalNs);
    this.bytesByType = new long[TYPE_COUNT][bucketCount];
    this.liveNodes = new int[bucketCount];
    this.upLinks = new int[bucketCount];
    this.components = new int[bucketCount];
    this.rootCorrect = new int[bucketCount];
    this.snakeCorrect = new int[bucketCount];
    this.converged = new boolean[bucketCount];
    this.routesMean = new double[bucketCount];
    this.routesMax = new int[bucketCount];
    this.sampled = new boolean[bucketCount];
    this.droppedByType = new long[TYPE_COUNT][bucketCount];
  }

  public long intervalNs() {
    return intervalNs;
  }

  public int bucketCount() {
    return bucketCount;
  }

  public int bucketOf(long timeNs) {
    return (int) Math.min(bucketCount - 1, Math.max(0, timeNs / intervalNs));
  }

  /** Total bytes of one frame type over the run. */
  public long totalBytes(FrameType type) {
    return Arrays.stream(bytesByType[type.code()]).sum();
  }

  /** Live nodes integrated over time, in node-seconds: the denominator of per-node rates. */
  public double nodeSeconds() {
    double sum = 0;
    for (int i = 0; i < bucketCount; i++) {
      sum += liveNodes[i] * (intervalNs / 1e9);
    }
    return sum;
  }

  void sample(int bucket, SimNetwork network, ConvergenceMonitor monitor) {
    int up = 0;
    for (SimLink link : network.links) {
      if (link.isUp()) {
        up++;
      }
    }
    long routes = 0;
    int max = 0;
    for (SimNode n : network.nodes) {
      if (n.isAlive()) {
        int r = n.snek.routeCount();
        routes += r;
        max = Math.max(max, r);
      }
    }
    liveNodes[bucket] = monitor.liveCount;
    upLinks[bucket] = up;
    components[bucket] = monitor.componentCount;
    rootCorrect[bucket] = monitor.rootCorrectCount;
    snakeCorrect[bucket] = monitor.snakeCorrectCount;
    converged[bucket] = monitor.converged;
    routesMean[bucket] = monitor.liveCount == 0 ? 0 : (double) routes / monitor.liveCount;
    routesMax[bucket] = max;
    sampled[bucket] = true;
    VerdictTable verdicts = network.verdictCounts();
    for (FrameType type : FrameType.values()) {
      long dropped = verdicts.dropped(type);
      droppedByType[type.code()][bucket] += dropped - droppedSoFar[type.code()];
      droppedSoFar[type.code()] = dropped;
    }
  }
}
