package dev.conifer.snek;

import dev.conifer.snek.wire.FrameType;

/**
 * Plain counters owned by the node's thread (P11: counters, not chatter). Read them on that thread,
 * or copy with {@link #snapshot()}.
 */
public final class SnekCounters {
  private static final int TYPES = FrameType.values().length;

  private final long[] framesIn = new long[TYPES + 1];
  private final long[] bytesIn = new long[TYPES + 1];
  private final long[] framesOut = new long[TYPES];
  private final long[] bytesOut = new long[TYPES];
  private static final int VERDICTS = FrameVerdict.values().length;

  /** By frame type (the last row: unknown types and frames cut short) and then verdict. */
  private final long[] verdicts = new long[(TYPES + 1) * VERDICTS];

  private long routesRefused;

  void countIn(FrameType type, int length) {
    int i = type == null ? TYPES : type.ordinal();
    framesIn[i]++;
    bytesIn[i] += length;
  }

  void countOut(FrameType type, int length) {
    framesOut[type.ordinal()]++;
    bytesOut[type.ordinal()] += length;
  }

  void countVerdict(FrameType type, FrameVerdict verdict) {
    verdicts[(type == null ? TYPES : type.ordinal()) * VERDICTS + verdict.ordinal()]++;
  }

  void countRouteRefused() {
    routesRefused++;
  }

  /** Frames received of {@code type}; null counts unknown types. */
  public long framesIn(FrameType type) {
    return framesIn[type == null ? TYPES : type.ordinal()];
  }

  public long bytesIn(FrameType type) {
    return bytesIn[type == null ? TYPES : type.ordinal()];
  }

  public long framesOut(FrameType type) {
    return framesOut[type.ordinal()];
  }

  public long bytesOut(FrameType type) {
    return bytesOut[type.ordinal()];
  }

  /** Frames of every type given {@code verdict}. */
  public long verdicts(FrameVerdict verdict) {
    long sum = 0;
    for (int row = 0; row <= TYPES; row++) {
      sum += verdicts[row * VERDICTS + verdict.ordinal()];
    }
    return sum;
  }

  /** Frames of {@code type} given {@code verdict}; null counts unknown types and short frames. */
  public long verdicts(FrameType type, FrameVerdict verdict) {
    return verdicts[(type == null ? TYPES : type.ordinal()) * VERDICTS + verdict.ordinal()];
  }

  /** Bootstraps not installed because the routing table was full. */
  public long routesRefused() {
    return routesRefused;
  }

  public SnekCounters snapshot() {
    SnekCounters copy = new SnekCounters();
    System.arraycopy(framesIn, 0, copy.framesIn, 0, framesIn.length);
    System.arraycopy(bytesIn, 0, copy.bytesIn, 0, bytesIn.length);
    System.arraycopy(framesOut, 0, copy.framesOut, 0, framesOut.length);
    System.arraycopy(bytesOut, 0, copy.bytesOut, 0, bytesOut.length);
    System.arraycopy(verdicts, 0, copy.verdicts, 0, verdicts.length);
    copy.routesRefused = routesRefused;
    return copy;
  }
}
