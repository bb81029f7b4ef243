package dev.conifer.transfer.hash;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An immutable set of chunk-group indices kept as sorted, disjoint, non-adjacent half-open ranges
 * {@code [start, end)}. Used for "ranges present" in the index, for requests and for have replies.
 */
public final class GroupRanges {
  public static final GroupRanges EMPTY = new GroupRanges(new long[0]);

  /** start0, end0, start1, end1, ... */
  private final long[] bounds;

  private GroupRanges(long[] bounds) {
    this.bounds = bounds;
  }

  public static GroupRanges of(long start, long end) {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad group range [" + start + ", " + end + ")");
    }
    return start == end ? EMPTY : new GroupRanges(new long[] {start, end});
  }

  /** Builds from arbitrary (possibly overlapping, unsorted) pairs. */
  public static GroupRanges ofPairs(long[] pairs) {
    GroupRanges r = EMPTY;
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      r = r.union(of(pairs[i], pairs[i + 1]));
    }
    return r;
  }

  /** Byte range {@code [offset, offset+length)} of a blob of {@code size} bytes, as groups. */
  public static GroupRanges ofBytes(long offset, long length, long size) {
    long groups = BlobTree.groupCount(size);
    if (length <= 0 || offset >= size) {
      return size == 0 && offset == 0 && length > 0 ? of(0, 1) : EMPTY;
    }
    long end = Math.min(size, offset + length);
    long first = offset / BlobTree.GROUP_LENGTH;
    long last = (end + BlobTree.GROUP_LENGTH - 1) / BlobTree.GROUP_LENGTH;
    return of(first, Math.min(last, groups));
  }

  public int rangeCount() {
    return bounds.length / 2;
  }

  public long start(int i) {
    return bounds[2 * i];
  }

  public long end(int i) {
    return bounds[2 * i + 1];
  }

  public boolean isEmpty() {
    return bounds.length == 0;
  }

  public long count() {
    long n = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      n += bounds[i + 1] - bounds[i];
    }
    return n;
  }

  public boolean contains(long group) {
    return intersects(group, group + 1);
  }

  /** Whether any index in {@code [start, end)} is in the set. */
  public boolean intersects(long start, long end) {
    int lo = 0;
    int hi = rangeCount() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (end(mid) <= start) {
        lo = mid + 1;
      } else if (start(mid) >= end) {
        hi = mid - 1;
      } else {
        return true;
      }
    }
    return false;
  }

  public boolean containsAll(long start, long end) {
    return of(start, end).subtract(this).isEmpty();
  }

  public GroupRanges union(GroupRanges other) {
    List<long[]> all = new ArrayList<>();
    for (int i = 0; i < rangeCount(); i++) {
      all.add(new long[] {start(i), end(i)});
    }
    for (int i = 0; i < other.rangeCount(); i++) {
      all.add(new long[] {other.start(i), other.end(i)});
    }
    Collections.sort(all, (a, b) -> Long.compare(a[0], b[0]));
    List<Long> out = new ArrayList<>();
    for (long[] r : all) {
      int n = out.size();
      if (n > 0 && r[0] <= out.get(n - 1)) {
        out.set(n - 1, Math.max(out.get(n - 1), r[1]));
      } else {
        out.add(r[0]);
        out.add(r[1]);
      }
    }
    return fromList(out);
  }

  public GroupRanges subtract(GroupRanges other) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < rangeCount(); i++) {
      long s = start(i);
      long e = end(i);
      for (int j = 0; j < other.rangeCount() && s < e; j++) {
        long os = other.start(j);
        long oe = other.end(j);
        if (oe <= s || os >= e) {
          continue;
        }
        if (os > s) {
          out.add(s);
          out.add(os);
        }
        s = Math.max(s, oe);
      }
      if (s < e) {
        out.add(s);
        out.add(e);
      }
    }
    return fromList(out);
  }

  public GroupRanges intersect(GroupRanges other) {
    return subtract(subtract(other));
  }

  /** The first {@code maxCount} group indices of this set. */
  public GroupRanges take(long maxCount) {
    List<Long> out = new ArrayList<>();
    long left = maxCount;
    for (int i = 0; i < rangeCount() && left > 0; i++) {
      long n = Math.min(left, end(i) - start(i));
      out.add(start(i));
      out.add(start(i) + n);
      left -= n;
    }
    return fromList(out);
  }

  private static GroupRanges fromList(List<Long> list) {
    long[] b = new long[list.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = list.get(i);
    }
    return b.length == 0 ? EMPTY : new GroupRanges(b);
  }

  /** Compact text form for the index: "0-4,9-12" (half-open). */
  public String encode() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rangeCount(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(start(i)).append('-').append(end(i));
    }
    return sb.toString();
  }

  public static GroupRanges decode(String text) {
    if (text == null || text.isEmpty()) {
      return EMPTY;
    }
    String[] parts = text.split(",");
    long[] pairs = new long[parts.length * 2];
    for (int i = 0; i < parts.length; i++) {
      int dash = parts[i].indexOf('-');
      pairs[2 * i] = Long.parseLong(parts[i].substring(0, dash));
      pairs[2 * i + 1] = Long.parseLong(parts[i].substring(dash + 1));
    }
    return ofPairs(pairs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupRanges g && java.util.Arrays.equals(bounds, g.bounds);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    return "[" + encode() + "]";
  }
}
