package dev.conifer.sync.reconcile;

import dev.conifer.sync.wire.ByteReader;
import dev.conifer.sync.wire.ByteWriter;
import dev.conifer.sync.wire.SyncFormatException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Range-based set reconciliation in the style of Negentropy, sans-I/O: bytes in, bytes out.
 *
 * <p>A message is a sequence of ranges that tile the item space in order, each closed by an upper
 * bound: SKIP (nothing to do), FINGERPRINT (the sender's salted fingerprint of its items in the
 * range), IDLIST (salted 32-bit tags of all the sender's items in the range) or NEED (tags of items
 * the sender lacks). A mismatched fingerprint is answered by splitting the range into buckets, or
 * with an id list when the range is small. The receiver of an id list computes both directions at
 * once: it queues its own extra items to push and answers NEED for the tags it lacks. Trailing
 * skips are never sent; an initiator whose reply would be empty is done.
 */
public final class RangeReconciler {
  static final int PROTOCOL_VERSION = 0x61;
  static final int MODE_SKIP = 0;
  static final int MODE_FINGERPRINT = 1;
  static final int MODE_IDLIST = 2;
  static final int MODE_NEED = 3;
  static final int RANGE_LENGTH_MAX = 1 + 10 + 1 + 32 + 10 + 8;

  private final ItemSet items;
  private final ReconcileConfig config;
  private final long salt;
  private final boolean initiator;
  private final List<Integer> pushIndexes = new ArrayList<>();
  private boolean done;
  private int roundCount;

  public RangeReconciler(ItemSet items, ReconcileConfig config, long salt, boolean initiator) {
    this.items = items;
    this.config = config;
    this.salt = salt;
    this.initiator = initiator;
  }

  /** The initiator's first message: the whole space, split into buckets. */
  public byte[] initiate() {
    if (!initiator) {
      throw new IllegalStateException("only the initiator starts");
    }
    roundCount++;
    Output out = new Output();
    split(out, 0, items.size(), Bound.INFINITY);
    return out.finish();
  }

  /**
   * Handles the peer's message and returns the reply. For the initiator a null reply means
   * reconciliation finished; the responder always replies (possibly with an empty message).
   */
  public byte[] handle(byte[] message) throws SyncFormatException {
    if (done) {
      throw new IllegalStateException("reconciliation already finished");
    }
    ByteReader in = new ByteReader(message);
    if (in.u8() != PROTOCOL_VERSION) {
      throw new SyncFormatException("reconcile message has an unknown protocol version");
    }
    Output out = new Output();
    Bound lower = Bound.ZERO;
    int lowerIndex = 0;
    long previousTs = 0;
    while (in.hasRemaining()) {
      Bound upper = readBound(in, previousTs);
      if (!upper.infinite()) {
        previousTs = upper.timestampUs();
      }
      if (upper.below(lower)) {
        throw new SyncFormatException("reconcile bounds out of order");
      }
      int upperIndex = Math.max(lowerIndex, items.lowerBound(upper));
      int mode = in.u8();
      if (out.hasContent() && out.length() > config.messageLengthMax() - reserveLength()) {
        // Too much already: cover everything left with one fingerprint; a later round continues.
        skipPayload(in, mode);
        drainRest(in, previousTs);
        out.range(Bound.INFINITY, MODE_FINGERPRINT);
        out.writer.bytes(items.fingerprint(lowerIndex, items.size(), salt));
        lowerIndex = items.size();
        break;
      }
      switch (mode) {
        case MODE_SKIP -> out.skip(upper);
        case MODE_FINGERPRINT -> {
          byte[] theirs = in.bytes(ItemSet.FINGERPRINT_LENGTH);
          byte[] ours = items.fingerprint(lowerIndex, upperIndex, salt);
          if (java.util.Arrays.equals(theirs, ours)) {
            out.skip(upper);
          } else {
            split(out, lowerIndex, upperIndex, upper);
          }
        }
        case MODE_IDLIST -> handleIdList(in, out, lowerIndex, upperIndex, upper);
        case MODE_NEED -> {
          Set<Integer> wanted = readTags(in);
          for (int i = lowerIndex; i < upperIndex; i++) {
            if (wanted.contains(items.tag(i, salt))) {
              pushIndexes.add(i);
            }
          }
          out.skip(upper);
        }
        default -> throw new SyncFormatException("reconcile mode unknown: " + mode);
      }
      lower = upper;
      lowerIndex = upperIndex;
    }
    roundCount++;
    byte[] reply = out.finish();
    if (initiator && !out.hasContent()) {
      done = true;
      return null;
    }
    return reply;
  }

  /** Room one more answered range may take: a full split or id list plus the closing range. */
  private int reserveLength() {
    return config.reserveLength();
  }

  private void handleIdList(ByteReader in, Output out, int from, int to, Bound upper)
      throws SyncFormatException {
    Set<Integer> theirs = readTags(in);
    Map<Integer, Boolean> ours = new HashMap<>();
    for (int i = from; i < to; i++) {
      int tag = items.tag(i, salt);
      ours.put(tag, Boolean.TRUE);
      if (!theirs.contains(tag)) {
        pushIndexes.add(i);
      }
    }
    List<Integer> need = new ArrayList<>();
    for (int tag : theirs) {
      if (!ours.containsKey(tag)) {
        need.add(tag);
      }
    }
    if (need.isEmpty()) {
      out.skip(upper);
      return;
    }
    out.range(upper, MODE_NEED);
    out.writer.varint(need.size());
    for (int tag : need) {
      out.writer.i32(tag);
    }
  }

  private Set<Integer> readTags(ByteReader in) throws SyncFormatException {
    int n = in.count(config.messageLengthMax() / 4);
    Set<Integer> tags = new HashSet<>(n * 2);
    for (int i = 0; i < n; i++) {
      tags.add(in.i32());
    }
    return tags;
  }

  private void skipPayload(ByteReader in, int mode) throws SyncFormatException {
    switch (mode) {
      case MODE_SKIP -> {}
      case MODE_FINGERPRINT -> in.bytes(ItemSet.FINGERPRINT_LENGTH);
      case MODE_IDLIST, MODE_NEED -> readTags(in);
      default -> throw new SyncFormatException("reconcile mode unknown: " + mode);
    }
  }

  private void drainRest(ByteReader in, long previousTs) throws SyncFormatException {
    while (in.hasRemaining()) {
      Bound b = readBound(in, previousTs);
      if (!b.infinite()) {
        previousTs = b.timestampUs();
      }
      skipPayload(in, in.u8());
    }
  }

  /** Answers a mismatched range [from, to): an id list if small, else fingerprinted buckets. */
  private void split(Output out, int from, int to, Bound upper) {
    int count = to - from;
    if (count <= config.idListCountMax()) {
      out.range(upper, MODE_IDLIST);
      out.writer.varint(count);
      for (int i = from; i < to; i++) {
        out.writer.i32(items.tag(i, salt));
      }
      return;
    }
    int buckets = config.bucketsFor(count);
    for (int b = 0; b < buckets; b++) {
      int start = from + (int) ((long) count * b / buckets);
      int end = from + (int) ((long) count * (b + 1) / buckets);
      Bound bucketUpper = b == buckets - 1 ? upper : Bound.between(items, end - 1, end);
      out.range(bucketUpper, MODE_FINGERPRINT);
      out.writer.bytes(items.fingerprint(start, end, salt));
    }
  }

  private static Bound readBound(ByteReader in, long previousTs) throws SyncFormatException {
    long code = in.varint();
    if (code == 0) {
      return Bound.INFINITY;
    }
    long ts = previousTs + code - 1;
    if (ts < previousTs) {
      throw new SyncFormatException("reconcile bound timestamp overflows");
    }
    int length = in.u8();
    if (length > 32) {
      throw new SyncFormatException("reconcile bound prefix longer than an id");
    }
    byte[] prefix = in.bytes(length);
    return new Bound(ts, Bound.wordsOfPrefix(prefix, length), length);
  }

  /** Indexes (into the item set) of items the peer lacks; cleared by the call. */
  public List<Integer> drainPushIndexes() {
    List<Integer> out = new ArrayList<>(pushIndexes);
    pushIndexes.clear();
    return out;
  }

  public boolean done() {
    return done;
  }

  /** Messages produced by this side so far (initiate and replies). */
  public int roundCount() {
    return roundCount;
  }

  /** Accumulates ranges, merging consecutive skips and dropping trailing ones. */
  private static final class Output {
    final ByteWriter writer = new ByteWriter();
    private long previousTs;
    private Bound pendingSkip;
    private boolean content;

    Output() {
      writer.u8(PROTOCOL_VERSION);
    }

    int length() {
      return writer.length();
    }

    boolean hasContent() {
      return content;
    }

    void skip(Bound upper) {
      pendingSkip = upper;
    }

    void range(Bound upper, int mode) {
      if (pendingSkip != null) {
        writeBound(pendingSkip);
        writer.u8(MODE_SKIP);
        pendingSkip = null;
      }
      writeBound(upper);
      writer.u8(mode);
      content = true;
    }

    private void writeBound(Bound bound) {
      if (bound.infinite()) {
        writer.varint(0);
        return;
      }
      writer.varint(bound.timestampUs() - previousTs + 1);
      previousTs = bound.timestampUs();
      writer.u8(bound.prefixLength());
      writer.bytes(bound.prefixBytes());
    }

    byte[] finish() {
      return writer.toArray();
    }
  }
}
