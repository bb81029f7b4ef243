package dev.conifer.transfer.hash;

/**
 * The two node kinds of the BLAKE3 tree, 1 KiB chunks and parents, over {@link Blake3Compress}.
 *
 * <p>BouncyCastle's {@code Blake3Digest} only produces root hashes; verified streaming needs the
 * non-root chaining values of subtrees, so the tree is computed here. Chaining values are held as
 * {@code int[8]} (little-endian words), the way the specification writes them.
 */
public final class Blake3 {
  public static final int CHUNK_LENGTH = 1024;
  public static final int BLOCK_LENGTH = 64;
  public static final int OUT_LENGTH = 32;

  static final int CHUNK_START = 1;
  static final int CHUNK_END = 2;
  static final int PARENT = 4;
  static final int ROOT = 8;

  private static final int[] IV = Blake3Compress.IV;

  private Blake3() {}

  /**
   * Chaining value of one chunk (at most 1 KiB) at position {@code chunkIndex} of the input. {@code
   * root} is set only when this chunk is the whole input.
   */
  public static int[] chunkCv(byte[] data, int offset, int length, long chunkIndex, boolean root) {
    if (length < 0 || length > CHUNK_LENGTH) {
      throw new IllegalArgumentException("chunk length " + length);
    }
    int[] cv = IV.clone();
    int blockCount = Math.max(1, (length + BLOCK_LENGTH - 1) / BLOCK_LENGTH);
    for (int b = 0; b < blockCount - 1; b++) {
      int flags = b == 0 ? CHUNK_START : 0;
      Blake3Compress.compressBlock(cv, data, offset + b * BLOCK_LENGTH, chunkIndex, flags);
    }
    // The last block carries CHUNK_END (and ROOT); it may be short, so it goes through words.
    int start = (blockCount - 1) * BLOCK_LENGTH;
    int lastLength = length - start;
    int flags = CHUNK_END | (blockCount == 1 ? CHUNK_START : 0) | (root ? ROOT : 0);
    if (lastLength == BLOCK_LENGTH) {
      Blake3Compress.compressBlock(cv, data, offset + start, chunkIndex, flags);
    } else {
      int[] block = new int[16];
      loadBlock(data, offset + start, lastLength, block);
      Blake3Compress.compress(cv, block, chunkIndex, lastLength, flags);
    }
    return cv;
  }

  /** Chaining value of a parent node over two child chaining values. */
  public static int[] parentCv(int[] left, int[] right, boolean root) {
    int[] block = new int[16];
    System.arraycopy(left, 0, block, 0, 8);
    System.arraycopy(right, 0, block, 8, 8);
    int[] cv = IV.clone();
    Blake3Compress.compress(cv, block, 0, BLOCK_LENGTH, PARENT | (root ? ROOT : 0));
    return cv;
  }

  /**
   * Chaining value of the subtree over {@code chunkCount} chunks of {@code data[offset..]} whose
   * first chunk is {@code firstChunk} of the whole input; the last chunk may be short.
   */
  public static int[] subtreeCv(
      byte[] data, int offset, int length, long firstChunk, boolean root) {
    int chunkCount = Math.max(1, (length + CHUNK_LENGTH - 1) / CHUNK_LENGTH);
    if (chunkCount == 1) {
      return chunkCv(data, offset, length, firstChunk, root);
    }
    int leftChunks = Integer.highestOneBit(chunkCount - 1);
    int leftLength = leftChunks * CHUNK_LENGTH;
    int[] left = subtreeCv(data, offset, leftLength, firstChunk, false);
    int[] right =
        subtreeCv(data, offset + leftLength, length - leftLength, firstChunk + leftChunks, false);
    return parentCv(left, right, root);
  }

  /** The standard BLAKE3-256 hash of an in-memory input (what {@code b3sum} prints). */
  public static byte[] hash(byte[] data) {
    return toBytes(subtreeCv(data, 0, data.length, 0, true));
  }

  public static byte[] toBytes(int[] cv) {
    byte[] out = new byte[OUT_LENGTH];
    for (int i = 0; i < 8; i++) {
      int w = cv[i];
      out[4 * i] = (byte) w;
      out[4 * i + 1] = (byte) (w >>> 8);
      out[4 * i + 2] = (byte) (w >>> 16);
      out[4 * i + 3] = (byte) (w >>> 24);
    }
    return out;
  }

  public static int[] fromBytes(byte[] bytes, int offset) {
    int[] cv = new int[8];
    for (int i = 0; i < 8; i++) {
      int p = offset + 4 * i;
      cv[i] =
          (bytes[p] & 0xFF)
              | (bytes[p + 1] & 0xFF) << 8
              | (bytes[p + 2] & 0xFF) << 16
              | (bytes[p + 3] & 0xFF) << 24;
    }
    return cv;
  }

  private static void loadBlock(byte[] data, int offset, int length, int[] block) {
    if (length == BLOCK_LENGTH) {
      for (int i = 0; i < 16; i++) {
        int p = offset + 4 * i;
        block[i] =
            (data[p] & 0xFF)
                | (data[p + 1] & 0xFF) << 8
                | (data[p + 2] & 0xFF) << 16
                | (data[p + 3] & 0xFF) << 24;
      }
      return;
    }
    java.util.Arrays.fill(block, 0);
    for (int i = 0; i < length; i++) {
      block[i >>> 2] |= (data[offset + i] & 0xFF) << (8 * (i & 3));
    }
  }
}
