package dev.conifer.sync;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Which of two entries for one (namespace, key) wins: the newer timestamp, then the greater author
 * key (unsigned bytes), then the greater entry id so the order is total and every replica agrees.
 */
public final class ConflictRule {
  public static final Comparator<Entry> ORDER =
      Comparator.comparingLong(Entry::timestampUs)
          .thenComparing(Entry::author)
          .thenComparing((a, b) -> Arrays.compareUnsigned(a.id(), b.id()));

  private ConflictRule() {}

  public static boolean beats(Entry candidate, Entry incumbent) {
    return ORDER.compare(candidate, incumbent) > 0;
  }

  /** Why {@code winner} beat {@code loser}, in words for {@code conifer sync why}. */
  public static String reason(Entry winner, Entry loser) {
    if (winner.timestampUs() != loser.timestampUs()) {
      return "newer timestamp ("
          + winner.timestampUs()
          + " > "
          + loser.timestampUs()
          + " µs, "
          + (winner.timestampUs() - loser.timestampUs())
          + " µs later)";
    }
    if (!winner.author().equals(loser.author())) {
      return "same timestamp; tie broken by the greater author key ("
          + winner.author().shortHex()
          + " > "
          + loser.author().shortHex()
          + ")";
    }
    return "same timestamp and author; tie broken by the greater entry id";
  }
}
