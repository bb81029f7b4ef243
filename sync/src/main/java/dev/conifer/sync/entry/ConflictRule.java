package dev.conifer.sync.entry;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The rule that decides a key's current entries, as a fixed relation between two entries so that
 * the result depends on the set of entries and never on the order they arrived in.
 *
 * <p>{@link #ORDER} is a total order: the newer timestamp, then the greater author key (unsigned
 * bytes), then the greater entry id. {@link #dominates} says when one entry of a key replaces
 * another: a plain value or tombstone replaces every entry below it in ORDER; a snapshot (a
 * compacted document) replaces the parts and snapshots below it; a part replaces nothing (parts
 * merge). This relation is a strict partial order (it is contained in ORDER, and a chain a > b > c
 * only exists through a plain entry or snapshots, each of which also dominates c), so in any finite
 * set every dominated entry is dominated by an undominated one. The current entries of a key are
 * exactly the undominated ones: a function of the set. A store therefore only needs to compare an
 * arrival with the current entries, and a replica that drops or never receives dominated entries
 * still ends in the same state (docs/SYNC.md, "Conflict rule").
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

  /** Whether {@code a} replaces {@code b} (both of one namespace and key). */
  public static boolean dominates(Entry a, Entry b) {
    if (!beats(a, b)) {
      return false;
    }
    return switch (a.kind()) {
      case VALUE, TOMBSTONE -> true;
      case SNAPSHOT -> b.mergeable();
      case PART -> false;
    };
  }

  /** The greatest entry of {@code entries} (in ORDER) that dominates {@code e}, or null. */
  public static Entry dominator(List<Entry> entries, Entry e) {
    Entry best = null;
    for (Entry d : entries) {
      if (dominates(d, e) && (best == null || beats(d, best))) {
        best = d;
      }
    }
    return best;
  }

  /** Why {@code winner} replaced {@code loser}, in words for {@code conifer sync why}. */
  public static String reason(Entry winner, Entry loser) {
    String what =
        switch (winner.kind()) {
          case TOMBSTONE -> "deleted by a newer tombstone: ";
          case SNAPSHOT -> "compacted into a newer document snapshot: ";
          default -> loser.mergeable() ? "document reset by a newer plain value: " : "";
        };
    if (winner.timestampUs() != loser.timestampUs()) {
      return what
          + "newer timestamp ("
          + winner.timestampUs()
          + " > "
          + loser.timestampUs()
          + " µs, "
          + (winner.timestampUs() - loser.timestampUs())
          + " µs later)";
    }
    if (!winner.author().equals(loser.author())) {
      return what
          + "same timestamp; tie broken by the greater author key ("
          + winner.author().shortHex()
          + " > "
          + loser.author().shortHex()
          + ")";
    }
    return what + "same timestamp and author; tie broken by the greater entry id";
  }
}
