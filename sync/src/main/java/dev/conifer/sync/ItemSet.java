package dev.conifer.sync;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * A sorted, immutable snapshot of (timestamp µs, 32-byte entry id) items: the set two peers
 * reconcile. Ids are held as four big-endian words so comparisons and fingerprint sums need no
 * objects per item.
 */
public final class ItemSet {
  public static final int FINGERPRINT_LENGTH = 8;

  private final long[] timestamps;
  private final long[] words;

  private ItemSet(long[] timestamps, long[] words) {
    this.timestamps = timestamps;
    this.words = words;
  }

  public int size() {
    return timestamps.length;
  }

  public long timestampUs(int index) {
    return timestamps[index];
  }

  long word(int index, int w) {
    return words[index * 4 + w];
  }

  public byte[] id(int index) {
    ByteBuffer out = ByteBuffer.allocate(32);
    for (int w = 0; w < 4; w++) {
      out.putLong(words[index * 4 + w]);
    }
    return out.array();
  }

  /** First index whose item is not below {@code bound}. */
  int lowerBound(Bound bound) {
    if (bound.infinite()) {
      return size();
    }
    int lo = 0;
    int hi = size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (bound.compareToItem(this, mid) > 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Fingerprint of items [from, to): word-wise sums (an abelian group, so it does not depend on
   * order) plus the count, hashed with the session salt so nobody can grind collisions offline.
   */
  byte[] fingerprint(int from, int to, long salt) {
    long s0 = 0;
    long s1 = 0;
    long s2 = 0;
    long s3 = 0;
    for (int i = from; i < to; i++) {
      int base = i * 4;
      s0 += words[base];
      s1 += words[base + 1];
      s2 += words[base + 2];
      s3 += words[base + 3];
    }
    ByteBuffer buf = ByteBuffer.allocate(48);
    buf.putLong(salt).putLong(s0).putLong(s1).putLong(s2).putLong(s3).putLong(to - from);
    Blake3Digest digest = new Blake3Digest(256);
    digest.update(buf.array(), 0, buf.capacity());
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return Arrays.copyOf(out, FINGERPRINT_LENGTH);
  }

  /** A salted 32-bit tag of one id, used in id lists (collisions only delay an entry a session). */
  int tag(int index, long salt) {
    int base = index * 4;
    long h = mix(salt ^ words[base]);
    h = mix(h ^ words[base + 1]);
    h = mix(h ^ words[base + 2]);
    h = mix(h ^ words[base + 3]);
    return (int) (h ^ (h >>> 32));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects items in any order; {@link #build} sorts them and drops duplicates. */
  public static final class Builder {
    private final List<Object[]> pending = new ArrayList<>();

    public Builder add(long timestampUs, byte[] id) {
      if (id.length != 32) {
        throw new IllegalArgumentException("id must be 32 bytes");
      }
      pending.add(new Object[] {timestampUs, id.clone()});
      return this;
    }

    public ItemSet build() {
      Object[][] items = pending.toArray(new Object[0][]);
      Arrays.sort(
          items,
          Comparator.<Object[]>comparingLong(o -> (Long) o[0])
              .thenComparing((a, b) -> Arrays.compareUnsigned((byte[]) a[1], (byte[]) b[1])));
      long[] ts = new long[items.length];
      long[] words = new long[items.length * 4];
      int n = 0;
      for (Object[] item : items) {
        if (n > 0
            && ts[n - 1] == (Long) item[0]
            && Arrays.equals((byte[]) item[1], idAt(words, n - 1))) {
          continue;
        }
        ts[n] = (Long) item[0];
        ByteBuffer id = ByteBuffer.wrap((byte[]) item[1]);
        for (int w = 0; w < 4; w++) {
          words[n * 4 + w] = id.getLong();
        }
        n++;
      }
      return new ItemSet(Arrays.copyOf(ts, n), Arrays.copyOf(words, n * 4));
    }

    private static byte[] idAt(long[] words, int index) {
      ByteBuffer out = ByteBuffer.allocate(32);
      for (int w = 0; w < 4; w++) {
        out.putLong(words[index * 4 + w]);
      }
      return out.array();
    }
  }
}
