package dev.conifer.simulator;

import java.util.Locale;

/** Parses and prints durations such as {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1.5s}. */
public final class Durations {
  public static final long MILLISECOND_NS = 1_000_000L;
  public static final long SECOND_NS = 1_000_000_000L;

  private Durations() {}

  /**
   * A duration in nanoseconds. Units: ns, us, ms, s, m, h; a bare number means seconds. Throws
   * {@link IllegalArgumentException} naming the bad text.
   */
  public static long parseNs(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    int split = 0;
    while (split < t.length() && (Character.isDigit(t.charAt(split)) || t.charAt(split) == '.')) {
      split++;
    }
    if (split == 0) {
      throw new IllegalArgumentException("not a duration: \"" + text + "\" (try 500ms, 5s, 2m)");
    }
    double value;
    try {
      value = Double.parseDouble(t.substring(0, split));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a duration: \"" + text + "\"");
    }
    long unitNs =
        switch (t.substring(split)) {
          case "ns" -> 1L;
          case "us" -> 1_000L;
          case "ms" -> MILLISECOND_NS;
          case "", "s" -> SECOND_NS;
          case "m", "min" -> 60 * SECOND_NS;
          case "h" -> 3600 * SECOND_NS;
          default ->
              throw new IllegalArgumentException(
                  "unknown unit in duration \"" + text + "\" (use ns, us, ms, s, m or h)");
        };
    double ns = value * unitNs;
    if (ns > Long.MAX_VALUE / 4) {
      throw new IllegalArgumentException("duration too long: \"" + text + "\"");
    }
    return Math.round(ns);
  }

  /** Compact text that {@link #parseNs} reads back: {@code 5ms}, {@code 250us}, {@code 7ns}. */
  public static String format(long ns) {
    if (ns % MILLISECOND_NS == 0) {
      return ns / MILLISECOND_NS + "ms";
    }
    if (ns % 1_000L == 0) {
      return ns / 1_000L + "us";
    }
    return ns + "ns";
  }

  /** Seconds with millisecond precision, for reports. */
  public static double seconds(long ns) {
    return Math.round(ns / 1_000_000.0) / 1000.0;
  }
}
