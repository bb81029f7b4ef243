package dev.conifer.node.doorway;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Range} header of RFC 9110 section 14.1.2, bytes only, resolved against a
 * representation of {@code size} bytes. Per section 14.2 a header that does not parse, or names
 * another unit, is ignored (the whole content is sent); a syntactically valid set with no
 * satisfiable range is 416; more than {@link #RANGES_MAX} ranges are refused as 416 too, since many
 * small ranges are a cheap way to make a server work hard.
 */
final class ByteRanges {
  /** One satisfiable range, {@code [first, last]} inclusive as on the wire. */
  record Range(long first, long last) {
    long length() {
      return last - first + 1;
    }
  }

  /** What to send. */
  sealed interface Outcome permits Whole, Partial, Unsatisfiable {}

  /** No usable Range header: 200 with everything. */
  record Whole() implements Outcome {}

  /** 206 with these ranges, in the order asked (at least one). */
  record Partial(List<Range> ranges) implements Outcome {}

  /** 416, with a one-line reason. */
  record Unsatisfiable(String reason) implements Outcome {}

  static final int RANGES_MAX = 16;

  private ByteRanges() {}

  /** Resolves {@code header} (null for none) against {@code size}. */
  static Outcome resolve(String header, long size) {
    if (header == null) {
      return new Whole();
    }
    int eq = header.indexOf('=');
    if (eq < 0 || !header.substring(0, eq).strip().equalsIgnoreCase("bytes")) {
      return new Whole(); // another unit, or not a ranges-specifier at all
    }
    String[] specs = header.substring(eq + 1).split(",", -1);
    if (specs.length > RANGES_MAX) {
      return new Unsatisfiable("more than " + RANGES_MAX + " ranges");
    }
    List<Range> ranges = new ArrayList<>();
    for (String raw : specs) {
      String spec = raw.strip();
      if (spec.isEmpty()) {
        continue; // the list rule (RFC 9110 5.6.1) allows empty elements
      }
      long[] parsed = parse(spec);
      if (parsed == null) {
        return new Whole(); // invalid syntax: ignore the header
      }
      Range r = satisfiable(parsed, size);
      if (r != null) {
        ranges.add(r);
      }
    }
    if (ranges.isEmpty()) {
      return new Unsatisfiable("no range in '" + header + "' lies inside " + size + " bytes");
    }
    return new Partial(List.copyOf(ranges));
  }

  /**
   * {first, last} for "first-last" and "first-" (last = -1), {-1, n} for the suffix "-n"; null if
   * not one of those (digits only, first <= last).
   */
  private static long[] parse(String spec) {
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String a = spec.substring(0, dash);
    String b = spec.substring(dash + 1);
    if (a.isEmpty()) {
      return digits(b) ? new long[] {-1, Long.parseLong(b)} : null;
    }
    if (!digits(a) || (!b.isEmpty() && !digits(b))) {
      return null;
    }
    long first = Long.parseLong(a);
    long last = b.isEmpty() ? -1 : Long.parseLong(b);
    return last >= 0 && last < first ? null : new long[] {first, last};
  }

  /** Up to 18 ASCII digits (a value that fits a long). */
  private static boolean digits(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static Range satisfiable(long[] p, long size) {
    if (p[0] < 0) { // suffix: the last n bytes; "-0" is unsatisfiable
      long n = p[1];
      return n == 0 || size == 0 ? null : new Range(Math.max(0, size - n), size - 1);
    }
    if (p[0] >= size) {
      return null;
    }
    long last = p[1] < 0 ? size - 1 : Math.min(p[1], size - 1);
    return new Range(p[0], last);
  }
}
