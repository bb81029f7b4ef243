package dev.conifer.sync.reconcile;

/**
 * Tuning for range reconciliation. A mismatched range with at most {@code idListCountMax} items is
 * answered with an id list; a larger one is split into up to {@code bucketCountMax} buckets of
 * about {@code idListCountMax} items. No message exceeds {@code messageLengthMax} bytes.
 */
public record ReconcileConfig(int bucketCountMax, int idListCountMax, int messageLengthMax) {
  public static final int MESSAGE_LENGTH_FLOOR = 4096;

  public ReconcileConfig {
    if (bucketCountMax < 2 || idListCountMax < 1 || messageLengthMax < MESSAGE_LENGTH_FLOOR) {
      throw new IllegalArgumentException(
          "need bucketCountMax >= 2, idListCountMax >= 1, messageLengthMax >= "
              + MESSAGE_LENGTH_FLOOR);
    }
    if (messageLengthMax < 2 * reserveLength(bucketCountMax, idListCountMax)) {
      throw new IllegalArgumentException(
          "messageLengthMax " + messageLengthMax + " too small for the bucket and id-list sizes");
    }
  }

  int reserveLength() {
    return reserveLength(bucketCountMax, idListCountMax);
  }

  private static int reserveLength(int buckets, int idList) {
    return RangeReconciler.RANGE_LENGTH_MAX * (buckets + 2) + 4 * (idList + buckets) + 16;
  }

  public static ReconcileConfig defaults() {
    return new ReconcileConfig(32, 32, 64 * 1024);
  }

  int bucketsFor(int count) {
    int wanted = (count + idListCountMax - 1) / idListCountMax;
    return Math.max(2, Math.min(bucketCountMax, wanted));
  }
}
