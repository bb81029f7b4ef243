package dev.conifer.transfer.hash;

/**
 * Geometry of the BLAKE3 tree seen at chunk-group granularity (16 chunks = 16 KiB per group).
 *
 * <p>BLAKE3 splits n chunks into a left subtree of the largest power of two below n and the rest.
 * Because a group is a power of two of chunks, that split always falls on a group boundary, so the
 * tree over groups has the same shape: the left part of {@code count} groups is the largest power
 * of two below {@code count}. A full group's chaining value is an ordinary non-root subtree value;
 * the last group may be short.
 */
public final class BlobTree {
  public static final int CHUNKS_PER_GROUP = 16;
  public static final int GROUP_LENGTH = CHUNKS_PER_GROUP * Blake3.CHUNK_LENGTH;

  private BlobTree() {}

  /** Number of groups; an empty blob still has one (empty) group, as BLAKE3 has one chunk. */
  public static long groupCount(long size) {
    return Math.max(1, (size + GROUP_LENGTH - 1) / GROUP_LENGTH);
  }

  public static int groupLength(long size, long group) {
    long start = group * GROUP_LENGTH;
    return (int) Math.max(0, Math.min(GROUP_LENGTH, size - start));
  }

  public static long groupOffset(long group) {
    return group * GROUP_LENGTH;
  }

  /** Groups in the left child of a node covering {@code count > 1} groups. */
  public static long leftGroups(long count) {
    return Long.highestOneBit(count - 1);
  }

  /** Chaining value of group {@code group}; {@code root} only when it is the whole blob. */
  public static int[] groupCv(long group, byte[] data, int offset, int length, boolean root) {
    return Blake3.subtreeCv(data, offset, length, group * CHUNKS_PER_GROUP, root);
  }

  /** The root (hash) over all group chaining values, for blobs of more than one group. */
  public static int[] rootFromGroups(Outboard outboard) {
    long n = outboard.groupCount();
    if (n == 1) {
      throw new IllegalArgumentException("a one-group blob's root is its data hash");
    }
    long left = leftGroups(n);
    return Blake3.parentCv(outboard.nodeCv(0, left), outboard.nodeCv(left, n - left), true);
  }
}
