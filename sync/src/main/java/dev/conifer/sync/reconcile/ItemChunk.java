package dev.conifer.sync.reconcile;

import java.util.Arrays;

/**
 * An immutable sorted run of up to {@link #LENGTH_MAX} (timestamp, id) items, with the salted sums
 * of its items cached for the last few salts. A change makes a new chunk, so a session's snapshot
 * (an array of chunks) never moves under it, and a range fingerprint adds cached chunk sums instead
 * of hashing every item again.
 */
final class ItemChunk {
  static final int LENGTH_MAX = 1024;
  static final int LENGTH_BUILT = 512;
  private static final int SALTS_CACHED = 8;

  final long[] timestamps;
  final long[] words; // 4 per item, big-endian words of the id
  private final long[] cachedSalts = new long[SALTS_CACHED];
  private final long[] cachedSums = new long[SALTS_CACHED * 2];
  private int cachedCount;
  private int cacheNext;

  ItemChunk(long[] timestamps, long[] words) {
    this.timestamps = timestamps;
    this.words = words;
  }

  int size() {
    return timestamps.length;
  }

  /** Item {@code i} compared with (ts, id words w0..w3) in (timestamp, unsigned id) order. */
  int compare(int i, long ts, long[] id) {
    int c = Long.compare(timestamps[i], ts);
    for (int w = 0; c == 0 && w < 4; w++) {
      c = Long.compareUnsigned(words[i * 4 + w], id[w]);
    }
    return c;
  }

  /** The first index whose item is not below (ts, id). */
  int lowerBound(long ts, long[] id) {
    int lo = 0;
    int hi = size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (compare(mid, ts, id) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  ItemChunk with(int index, long ts, long[] id) {
    int n = size();
    long[] t = new long[n + 1];
    long[] w = new long[(n + 1) * 4];
    System.arraycopy(timestamps, 0, t, 0, index);
    System.arraycopy(words, 0, w, 0, index * 4);
    t[index] = ts;
    System.arraycopy(id, 0, w, index * 4, 4);
    System.arraycopy(timestamps, index, t, index + 1, n - index);
    System.arraycopy(words, index * 4, w, (index + 1) * 4, (n - index) * 4);
    return new ItemChunk(t, w);
  }

  ItemChunk without(int index) {
    int n = size();
    long[] t = new long[n - 1];
    long[] w = new long[(n - 1) * 4];
    System.arraycopy(timestamps, 0, t, 0, index);
    System.arraycopy(words, 0, w, 0, index * 4);
    System.arraycopy(timestamps, index + 1, t, index, n - index - 1);
    System.arraycopy(words, (index + 1) * 4, w, index * 4, (n - index - 1) * 4);
    return new ItemChunk(t, w);
  }

  ItemChunk slice(int from, int to) {
    return new ItemChunk(
        Arrays.copyOfRange(timestamps, from, to), Arrays.copyOfRange(words, from * 4, to * 4));
  }

  /** Adds the salted values of items [from, to) to {@code sums} (two lanes). */
  void addSalted(int from, int to, long salt, long[] sums) {
    if (from == 0 && to == size()) {
      addWhole(salt, sums);
      return;
    }
    for (int i = from; i < to; i++) {
      long h = salted(i, salt);
      sums[0] += h;
      sums[1] += mix(h ^ 0x9e3779b97f4a7c15L);
    }
  }

  private synchronized void addWhole(long salt, long[] sums) {
    for (int k = 0; k < cachedCount; k++) {
      if (cachedSalts[k] == salt) {
        sums[0] += cachedSums[k * 2];
        sums[1] += cachedSums[k * 2 + 1];
        return;
      }
    }
    long[] mine = new long[2];
    addSaltedUncached(salt, mine);
    int slot = cacheNext;
    cacheNext = (cacheNext + 1) % SALTS_CACHED;
    cachedCount = Math.min(SALTS_CACHED, cachedCount + 1);
    cachedSalts[slot] = salt;
    cachedSums[slot * 2] = mine[0];
    cachedSums[slot * 2 + 1] = mine[1];
    sums[0] += mine[0];
    sums[1] += mine[1];
  }

  private void addSaltedUncached(long salt, long[] sums) {
    for (int i = 0; i < size(); i++) {
      long h = salted(i, salt);
      sums[0] += h;
      sums[1] += mix(h ^ 0x9e3779b97f4a7c15L);
    }
  }

  /** A keyed 64-bit mix of item {@code i}'s id: the salt enters before the words are combined. */
  long salted(int i, long salt) {
    int base = i * 4;
    long h = mix(salt ^ words[base]);
    h = mix(h ^ words[base + 1]);
    h = mix(h ^ words[base + 2]);
    return mix(h ^ words[base + 3]);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
