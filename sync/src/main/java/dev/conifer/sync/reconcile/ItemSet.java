package dev.conifer.sync.reconcile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * A sorted, immutable snapshot of (timestamp µs, 32-byte entry id) items: the set two peers
 * reconcile. It is a view over immutable {@link ItemChunk}s, so taking one from the live {@link
 * ItemIndex} costs O(chunks), not O(items), and a fingerprint over whole chunks adds their cached
 * salted sums.
 */
public final class ItemSet {
  public static final int FINGERPRINT_LENGTH = 8;

  private final ItemChunk[] chunks;
  private final int[] starts; // global index of each chunk's first item, plus the total at the end

  ItemSet(ItemChunk[] chunks) {
    this.chunks = chunks;
    this.starts = new int[chunks.length + 1];
    for (int c = 0; c < chunks.length; c++) {
      starts[c + 1] = starts[c] + chunks[c].size();
    }
  }

  public int size() {
    return starts[chunks.length];
  }

  private int chunkOf(int index) {
    int c = Arrays.binarySearch(starts, index);
    if (c >= 0) {
      while (c < chunks.length && chunks[c].size() == 0) {
        c++;
      }
      return c;
    }
    return -c - 2;
  }

  public long timestampUs(int index) {
    int c = chunkOf(index);
    return chunks[c].timestamps[index - starts[c]];
  }

  long word(int index, int w) {
    int c = chunkOf(index);
    return chunks[c].words[(index - starts[c]) * 4 + w];
  }

  public byte[] id(int index) {
    int c = chunkOf(index);
    ByteBuffer out = ByteBuffer.allocate(32);
    for (int w = 0; w < 4; w++) {
      out.putLong(chunks[c].words[(index - starts[c]) * 4 + w]);
    }
    return out.array();
  }

  /** First index whose item is not below {@code bound}. */
  int lowerBound(Bound bound) {
    if (bound.infinite()) {
      return size();
    }
    return lowerBound(bound.timestampUs(), bound.idWords());
  }

  public int lowerBound(long ts, long[] idWords) {
    int lo = 0;
    int hi = chunks.length;
    while (lo < hi) { // the first chunk whose last item is not below the key
      int mid = (lo + hi) >>> 1;
      ItemChunk ch = chunks[mid];
      if (ch.size() == 0 || ch.compare(ch.size() - 1, ts, idWords) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo == chunks.length ? size() : starts[lo] + chunks[lo].lowerBound(ts, idWords);
  }

  /** Items [from, to) as their own set (boundary chunks are copied, the rest shared). */
  public ItemSet slice(int from, int to) {
    List<ItemChunk> out = new ArrayList<>();
    for (int c = 0; c < chunks.length; c++) {
      int lo = Math.max(from, starts[c]) - starts[c];
      int hi = Math.min(to, starts[c + 1]) - starts[c];
      if (lo < hi) {
        out.add(lo == 0 && hi == chunks[c].size() ? chunks[c] : chunks[c].slice(lo, hi));
      }
    }
    return new ItemSet(out.toArray(new ItemChunk[0]));
  }

  /**
   * Fingerprint of items [from, to): each id is first mixed with the session salt (two 64-bit
   * lanes), then the lanes are summed (so the order does not matter) and hashed with the count.
   * Because the salt enters every item before they are combined, two different sets collide only by
   * chance for a given salt, not under every salt.
   */
  byte[] fingerprint(int from, int to, long salt) {
    long[] sums = new long[2];
    if (from < to) {
      for (int c = chunkOf(from); c < chunks.length && starts[c] < to; c++) {
        int lo = Math.max(from, starts[c]) - starts[c];
        int hi = Math.min(to, starts[c + 1]) - starts[c];
        if (lo < hi) {
          chunks[c].addSalted(lo, hi, salt, sums);
        }
      }
    }
    ByteBuffer buf = ByteBuffer.allocate(32);
    buf.putLong(salt).putLong(sums[0]).putLong(sums[1]).putLong(to - from);
    Blake3Digest digest = new Blake3Digest(256);
    digest.update(buf.array(), 0, buf.capacity());
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return Arrays.copyOf(out, FINGERPRINT_LENGTH);
  }

  /** A salted 32-bit tag of one id, used in id lists (collisions only delay an entry a session). */
  int tag(int index, long salt) {
    int c = chunkOf(index);
    long h = chunks[c].salted(index - starts[c], salt);
    return (int) (h ^ (h >>> 32));
  }

  public ItemChunk[] chunks() {
    return chunks;
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
      SortedRun run = new SortedRun();
      for (Object[] item : items) {
        run.add((Long) item[0], (byte[]) item[1]);
      }
      return run.finish();
    }
  }

  /** Builds chunks from items that arrive already sorted (duplicates dropped). */
  public static final class SortedRun {
    private final List<ItemChunk> chunks = new ArrayList<>();
    private long[] ts = new long[ItemChunk.LENGTH_BUILT];
    private long[] words = new long[ItemChunk.LENGTH_BUILT * 4];
    private int n;
    private long lastTs = Long.MIN_VALUE;
    private final long[] lastId = new long[4];

    public void add(long timestampUs, byte[] id) {
      ByteBuffer b = ByteBuffer.wrap(id);
      long[] w = {b.getLong(), b.getLong(), b.getLong(), b.getLong()};
      if (timestampUs == lastTs && Arrays.equals(w, lastId)) {
        return;
      }
      lastTs = timestampUs;
      System.arraycopy(w, 0, lastId, 0, 4);
      ts[n] = timestampUs;
      System.arraycopy(w, 0, words, n * 4, 4);
      if (++n == ItemChunk.LENGTH_BUILT) {
        flush();
      }
    }

    private void flush() {
      if (n > 0) {
        chunks.add(new ItemChunk(Arrays.copyOf(ts, n), Arrays.copyOf(words, n * 4)));
        n = 0;
      }
    }

    ItemSet finish() {
      flush();
      return new ItemSet(chunks.toArray(new ItemChunk[0]));
    }

    public List<ItemChunk> chunks() {
      flush();
      return chunks;
    }
  }
}
