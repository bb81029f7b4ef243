package dev.conifer.simulator.model;

import dev.conifer.simulator.Durations;
import dev.conifer.simulator.SimLink;

/**
 * A one-way link latency distribution, parsed from {@code fixed:5ms} (or just {@code 5ms}), {@code
 * uniform:1ms:10ms} or {@code exp:2ms} (exponential with that mean). Each link draws its own
 * latency from it once; per-frame jitter is separate ({@link SimLink}).
 */
public record LatencyModel(Kind kind, long aNs, long bNs) {
  /** The distribution family. */
  public enum Kind {
    FIXED,
    UNIFORM,
    EXPONENTIAL
  }

  public LatencyModel {
    if (aNs < 0 || bNs < 0 || (kind == Kind.UNIFORM && bNs < aNs)) {
      throw new IllegalArgumentException("bad latency bounds: " + aNs + ".." + bNs);
    }
  }

  public static LatencyModel parse(String spec) {
    String[] parts = spec.trim().split(":");
    try {
      switch (parts[0]) {
        case "fixed":
          return new LatencyModel(Kind.FIXED, Durations.parseNs(parts[1]), 0);
        case "uniform":
          long lo = Durations.parseNs(parts[1]);
          long hi = Durations.parseNs(parts[2]);
          if (hi < lo) {
            throw new IllegalArgumentException("latency \"" + spec + "\": max is below min");
          }
          return new LatencyModel(Kind.UNIFORM, lo, hi);
        case "exp":
          return new LatencyModel(Kind.EXPONENTIAL, Durations.parseNs(parts[1]), 0);
        default:
          if (parts.length == 1) {
            return new LatencyModel(Kind.FIXED, Durations.parseNs(parts[0]), 0);
          }
          throw new IllegalArgumentException(
              "unknown latency \"" + spec + "\" (use fixed:5ms, uniform:1ms:10ms or exp:2ms)");
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("latency \"" + spec + "\" is missing a value");
    }
  }

  public long sampleNs(SimRandom random) {
    return switch (kind) {
      case FIXED -> aNs;
      case UNIFORM -> aNs + (bNs == aNs ? 0 : random.nextLong(bNs - aNs + 1));
      case EXPONENTIAL -> Math.round(random.nextExponential(aNs));
    };
  }

  @Override
  public String toString() {
    return switch (kind) {
      case FIXED -> "fixed:" + Durations.format(aNs);
      case UNIFORM -> "uniform:" + Durations.format(aNs) + ":" + Durations.format(bNs);
      case EXPONENTIAL -> "exp:" + Durations.format(aNs);
    };
  }
}
