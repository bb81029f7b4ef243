package dev.conifer.simulator;

import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.SnekCounters;
import dev.conifer.snek.wire.FrameType;

/**
 * Frame verdicts by frame type and verdict, summed over routers. The last row holds frames of no
 * known type (unknown codes, frames too short to name one).
 */
final class VerdictTable {
  static final FrameType[] TYPES = FrameType.values();
  static final FrameVerdict[] VERDICTS = FrameVerdict.values();

  private final long[] counts = new long[(TYPES.length + 1) * VERDICTS.length];

  void add(SnekCounters counters) {
    for (int row = 0; row <= TYPES.length; row++) {
      FrameType type = row < TYPES.length ? TYPES[row] : null;
      for (FrameVerdict v : VERDICTS) {
        counts[row * VERDICTS.length + v.ordinal()] += counters.verdicts(type, v);
      }
    }
  }

  void add(VerdictTable other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
  }

  /** Frames of {@code type} (null: no known type) given {@code verdict}. */
  long get(FrameType type, FrameVerdict verdict) {
    return counts[
        (type == null ? TYPES.length : type.ordinal()) * VERDICTS.length + verdict.ordinal()];
  }

  /** Frames of every type given {@code verdict}. */
  long total(FrameVerdict verdict) {
    long sum = 0;
    for (int row = 0; row <= TYPES.length; row++) {
      sum += counts[row * VERDICTS.length + verdict.ordinal()];
    }
    return sum;
  }

  /** Frames of {@code type} (null: no known type) dropped, whatever the reason. */
  long dropped(FrameType type) {
    long sum = 0;
    for (FrameVerdict v : VERDICTS) {
      if (v.dropped()) {
        sum += get(type, v);
      }
    }
    return sum;
  }
}
