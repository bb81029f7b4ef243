package dev.conifer.transfer.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The outboard tree of one blob: the chaining value of every 16 KiB group (stored on disk, 32 bytes
 * per group), plus every complete power-of-two subtree above them (computed on load), so a holder
 * can produce any parent node in O(log n).
 */
public final class Outboard {
  private final long size;
  private final long groupCount;

  /**
   * levels[L] holds the non-root chaining values of aligned subtrees of 2^L groups, 8 ints each.
   */
  private final int[][] levels;

  public Outboard(long size, int[] groupCvs) {
    this.size = size;
    this.groupCount = BlobTree.groupCount(size);
    if (groupCvs.length != groupCount * 8) {
      throw new IllegalArgumentException(
          "outboard has " + groupCvs.length / 8 + " groups, size needs " + groupCount);
    }
    int depth = 64 - Long.numberOfLeadingZeros(groupCount);
    levels = new int[depth][];
    levels[0] = groupCvs;
    for (int level = 1; level < depth; level++) {
      int[] below = levels[level - 1];
      int pairs = below.length / 16;
      int[] cur = new int[pairs * 8];
      int[] l = new int[8];
      int[] r = new int[8];
      for (int j = 0; j < pairs; j++) {
        System.arraycopy(below, 16 * j, l, 0, 8);
        System.arraycopy(below, 16 * j + 8, r, 0, 8);
        System.arraycopy(Blake3.parentCv(l, r, false), 0, cur, 8 * j, 8);
      }
      levels[level] = cur;
    }
  }

  public long size() {
    return size;
  }

  public long groupCount() {
    return groupCount;
  }

  public int[] groupCv(long group) {
    int[] cv = new int[8];
    System.arraycopy(levels[0], (int) (group * 8), cv, 0, 8);
    return cv;
  }

  /** Non-root chaining value of the tree node covering groups {@code [start, start+count)}. */
  public int[] nodeCv(long start, long count) {
    if (Long.bitCount(count) == 1 && start % count == 0) {
      int level = Long.numberOfTrailingZeros(count);
      int[] cv = new int[8];
      System.arraycopy(levels[level], (int) ((start >> level) * 8), cv, 0, 8);
      return cv;
    }
    long left = BlobTree.leftGroups(count);
    return Blake3.parentCv(nodeCv(start, left), nodeCv(start + left, count - left), false);
  }

  /** Writes the 64-byte parent node (left CV, right CV) of node {@code [start, start+count)}. */
  public void parentNode(long start, long count, byte[] out, int offset) {
    long left = BlobTree.leftGroups(count);
    System.arraycopy(Blake3.toBytes(nodeCv(start, left)), 0, out, offset, 32);
    System.arraycopy(Blake3.toBytes(nodeCv(start + left, count - left)), 0, out, offset + 32, 32);
  }

  public static Outboard read(Path file, long size) throws IOException {
    long groups = BlobTree.groupCount(size);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() < groups * 32) {
        throw new IOException("outboard " + file + " is short: " + ch.size() + " bytes");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) (groups * 32));
      while (buf.hasRemaining()) {
        if (ch.read(buf, buf.position()) < 0) {
          throw new IOException("outboard " + file + " ended early");
        }
      }
      byte[] bytes = buf.array();
      int[] cvs = new int[(int) (groups * 8)];
      for (long g = 0; g < groups; g++) {
        System.arraycopy(Blake3.fromBytes(bytes, (int) (g * 32)), 0, cvs, (int) (g * 8), 8);
      }
      return new Outboard(size, cvs);
    }
  }
}
