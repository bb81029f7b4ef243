package dev.conifer.sync.reconcile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The live reconciliation set of one namespace: its current entries as (timestamp, id), sorted, in
 * immutable chunks of at most {@link ItemChunk#LENGTH_MAX}. Built once from SQLite, then updated on
 * every write, so a session takes its {@link #snapshot} in O(chunks) instead of reading and sorting
 * every entry, and fingerprints over unchanged chunks come from their cached sums. Not thread-safe:
 * the store calls it under the database lock.
 */
public final class ItemIndex {
  private final List<ItemChunk> chunks;

  public ItemIndex() {
    this(List.of());
  }

  public ItemIndex(List<ItemChunk> chunks) {
    this.chunks = new ArrayList<>(chunks);
  }

  /** An index holding the items of {@code set} (its chunks are shared, not copied). */
  public static ItemIndex of(ItemSet set) {
    return new ItemIndex(java.util.Arrays.asList(set.chunks()));
  }

  public ItemSet snapshot() {
    return new ItemSet(chunks.toArray(new ItemChunk[0]));
  }

  /** Adds an item; already present is a no-op. */
  public void add(long ts, byte[] id) {
    long[] w = words(id);
    if (chunks.isEmpty()) {
      chunks.add(new ItemChunk(new long[] {ts}, w));
      return;
    }
    int c = chunkFor(ts, w);
    ItemChunk chunk = chunks.get(c);
    int i = chunk.lowerBound(ts, w);
    if (i < chunk.size() && chunk.compare(i, ts, w) == 0) {
      return;
    }
    ItemChunk grown = chunk.with(i, ts, w);
    if (grown.size() > ItemChunk.LENGTH_MAX) {
      int half = grown.size() / 2;
      chunks.set(c, grown.slice(0, half));
      chunks.add(c + 1, grown.slice(half, grown.size()));
    } else {
      chunks.set(c, grown);
    }
  }

  /** Removes an item; absent is a no-op. */
  public void remove(long ts, byte[] id) {
    if (chunks.isEmpty()) {
      return;
    }
    long[] w = words(id);
    int c = chunkFor(ts, w);
    ItemChunk chunk = chunks.get(c);
    int i = chunk.lowerBound(ts, w);
    if (i >= chunk.size() || chunk.compare(i, ts, w) != 0) {
      return;
    }
    if (chunk.size() == 1) {
      chunks.remove(c);
    } else {
      chunks.set(c, chunk.without(i));
    }
  }

  public int size() {
    int n = 0;
    for (ItemChunk c : chunks) {
      n += c.size();
    }
    return n;
  }

  /** The chunk an item belongs in: the first whose last item is not below it, else the last. */
  private int chunkFor(long ts, long[] w) {
    int lo = 0;
    int hi = chunks.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      ItemChunk ch = chunks.get(mid);
      if (ch.compare(ch.size() - 1, ts, w) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  static long[] words(byte[] id) {
    ByteBuffer b = ByteBuffer.wrap(id);
    return new long[] {b.getLong(), b.getLong(), b.getLong(), b.getLong()};
  }
}
