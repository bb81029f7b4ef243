package dev.conifer.sync.reconcile;

/**
 * An upper bound between items: a timestamp plus the shortest id prefix that separates two
 * neighbours (missing bytes are zero). {@link #INFINITY} lies above every item.
 */
record Bound(long timestampUs, long[] idWords, int prefixLength) {
  static final Bound INFINITY = new Bound(Long.MAX_VALUE, new long[4], -1);
  static final Bound ZERO = new Bound(0, new long[4], 0);

  boolean infinite() {
    return prefixLength < 0;
  }

  /** Compares this bound with item {@code index}: negative if the bound is below the item. */
  int compareToItem(ItemSet items, int index) {
    if (infinite()) {
      return 1;
    }
    int c = Long.compare(timestampUs, items.timestampUs(index));
    if (c != 0) {
      return c;
    }
    for (int w = 0; w < 4; w++) {
      c = Long.compareUnsigned(idWords[w], items.word(index, w));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  boolean below(Bound other) {
    if (other.infinite()) {
      return !infinite();
    }
    if (infinite()) {
      return false;
    }
    int c = Long.compare(timestampUs, other.timestampUs);
    if (c != 0) {
      return c < 0;
    }
    for (int w = 0; w < 4; w++) {
      c = Long.compareUnsigned(idWords[w], other.idWords[w]);
      if (c != 0) {
        return c < 0;
      }
    }
    return false;
  }

  /** The smallest bound above item {@code prev} and not above item {@code next}. */
  static Bound between(ItemSet items, int prev, int next) {
    long ts = items.timestampUs(next);
    if (items.timestampUs(prev) != ts) {
      return new Bound(ts, new long[4], 0);
    }
    byte[] a = items.id(prev);
    byte[] b = items.id(next);
    int shared = 0;
    while (shared < 32 && a[shared] == b[shared]) {
      shared++;
    }
    int length = Math.min(32, shared + 1);
    return new Bound(ts, wordsOfPrefix(b, length), length);
  }

  static long[] wordsOfPrefix(byte[] prefix, int length) {
    long[] words = new long[4];
    for (int i = 0; i < length; i++) {
      words[i / 8] |= (prefix[i] & 0xffL) << (8 * (7 - (i % 8)));
    }
    return words;
  }

  byte[] prefixBytes() {
    byte[] out = new byte[Math.max(0, prefixLength)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (idWords[i / 8] >>> (8 * (7 - (i % 8))));
    }
    return out;
  }
}
