package dev.conifer.sync.entry;

import java.time.Duration;
import java.time.Instant;

/**
 * One end of an interest's time range, as the user gave it: a fixed instant, or a duration before
 * now ({@code --since 7d}), which rolls forward: it is resolved against the clock at every session,
 * so "the last 7 days" stays the last 7 days. Stored as {@code at:MICROS} or {@code ago:MICROS}.
 */
public record TimeBound(boolean rolling, long micros) {
  public TimeBound {
    if (micros < 0) {
      throw new IllegalArgumentException("a time bound must not be negative: " + micros + " µs");
    }
  }

  public static TimeBound at(Instant instant) {
    return new TimeBound(false, Math.max(0, instant.toEpochMilli()) * 1000);
  }

  public static TimeBound ago(Duration duration) {
    return new TimeBound(true, duration.toNanos() / 1000);
  }

  /** The bound in epoch microseconds at wall-clock time {@code nowEpochUs}. */
  public long resolve(long nowEpochUs) {
    return rolling ? Math.max(0, nowEpochUs - micros) : micros;
  }

  /** The stored form: {@code at:MICROS} or {@code ago:MICROS}. */
  public String encode() {
    return (rolling ? "ago:" : "at:") + micros;
  }

  /** Reads {@link #encode()}'s form; null for null. */
  public static TimeBound decode(String stored) {
    if (stored == null) {
      return null;
    }
    int colon = stored.indexOf(':');
    if (colon < 0) {
      throw new IllegalStateException("stored time bound has no kind: " + stored);
    }
    String kind = stored.substring(0, colon);
    long value = Long.parseLong(stored.substring(colon + 1));
    return switch (kind) {
      case "at" -> new TimeBound(false, value);
      case "ago" -> new TimeBound(true, value);
      default -> throw new IllegalStateException("stored time bound kind unknown: " + stored);
    };
  }

  /** For people: {@code 2026-12-01T00:00:00Z} or {@code 7d ago (rolling)}. */
  public String describe() {
    if (!rolling) {
      return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000).toString();
    }
    Duration d = Duration.ofNanos(micros * 1000);
    String text =
        d.toSeconds() % 86_400 == 0 && d.toSeconds() > 0
            ? d.toDays() + "d"
            : d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    return text + " ago";
  }
}
