package dev.conifer.transfer.store;

import dev.conifer.transfer.hash.BlobTree;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The store's aligned buffers for direct writes ({@link GroupFile}), reused across partial blobs.
 * At most {@code max} are lent at once, so direct memory stays bounded however many fetches run; a
 * blob that finds none free is written through the page cache instead, which is just as correct.
 * Reuse also keeps direct-memory churn (freed only by the GC) out of busy nodes.
 */
final class StageBuffers {
  /** Bytes per buffer: {@link GroupFile#STAGE_GROUPS} groups. */
  static final int LENGTH = GroupFile.STAGE_GROUPS * BlobTree.GROUP_LENGTH;

  private final int max;
  private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
  private int lent;

  StageBuffers(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("negative buffer count " + max);
    }
    this.max = max;
  }

  /**
   * A cleared buffer aligned to 16 KiB (so to any block size that divides a group), or null when
   * {@code max} are already lent.
   */
  synchronized ByteBuffer tryTake() {
    if (lent == max) {
      return null;
    }
    ByteBuffer b = free.poll();
    if (b == null) {
      b =
          ByteBuffer.allocateDirect(LENGTH + BlobTree.GROUP_LENGTH)
              .alignedSlice(BlobTree.GROUP_LENGTH)
              .limit(LENGTH)
              .slice();
    }
    lent++;
    return b.clear();
  }

  synchronized void give(ByteBuffer b) {
    lent--;
    free.push(b);
  }

  synchronized int lent() {
    return lent;
  }
}
