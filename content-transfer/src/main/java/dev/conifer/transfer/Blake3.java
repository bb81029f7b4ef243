package dev.conifer.transfer;

/**
 * The BLAKE3 compression function and the two node kinds of its tree: 1 KiB chunks and parents.
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

  private static final int[] IV = {
    0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19
  };

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
    int[] block = new int[16];
    int[] out = new int[16];
    int blockCount = Math.max(1, (length + BLOCK_LENGTH - 1) / BLOCK_LENGTH);
    for (int b = 0; b < blockCount; b++) {
      int start = b * BLOCK_LENGTH;
      int blockLength = Math.min(BLOCK_LENGTH, length - start);
      loadBlock(data, offset + start, blockLength, block);
      int flags = 0;
      if (b == 0) {
        flags |= CHUNK_START;
      }
      if (b == blockCount - 1) {
        flags |= CHUNK_END;
        if (root) {
          flags |= ROOT;
        }
      }
      compress(cv, block, chunkIndex, blockLength, flags, out);
      System.arraycopy(out, 0, cv, 0, 8);
    }
    return cv;
  }

  /** Chaining value of a parent node over two child chaining values. */
  public static int[] parentCv(int[] left, int[] right, boolean root) {
    int[] block = new int[16];
    System.arraycopy(left, 0, block, 0, 8);
    System.arraycopy(right, 0, block, 8, 8);
    int[] out = new int[16];
    compress(IV, block, 0, BLOCK_LENGTH, PARENT | (root ? ROOT : 0), out);
    int[] cv = new int[8];
    System.arraycopy(out, 0, cv, 0, 8);
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

  /** The message word order of each round (the permutation applied 0..6 times). */
  private static final int[][] SCHEDULE = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8},
    {3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1},
    {10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6},
    {12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4},
    {9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7},
    {11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13}
  };

  /** The compression function; state lives in locals (no allocation), rounds index the block. */
  static void compress(int[] cv, int[] m, long counter, int blockLength, int flags, int[] out) {
    int v0 = cv[0], v1 = cv[1], v2 = cv[2], v3 = cv[3], v4 = cv[4], v5 = cv[5], v6 = cv[6];
    int v7 = cv[7], v8 = IV[0], v9 = IV[1], v10 = IV[2], v11 = IV[3];
    int v12 = (int) counter, v13 = (int) (counter >>> 32), v14 = blockLength, v15 = flags;
    for (int[] s : SCHEDULE) {
      v0 += v4 + m[s[0]];
      v12 = Integer.rotateRight(v12 ^ v0, 16);
      v8 += v12;
      v4 = Integer.rotateRight(v4 ^ v8, 12);
      v0 += v4 + m[s[1]];
      v12 = Integer.rotateRight(v12 ^ v0, 8);
      v8 += v12;
      v4 = Integer.rotateRight(v4 ^ v8, 7);
      v1 += v5 + m[s[2]];
      v13 = Integer.rotateRight(v13 ^ v1, 16);
      v9 += v13;
      v5 = Integer.rotateRight(v5 ^ v9, 12);
      v1 += v5 + m[s[3]];
      v13 = Integer.rotateRight(v13 ^ v1, 8);
      v9 += v13;
      v5 = Integer.rotateRight(v5 ^ v9, 7);
      v2 += v6 + m[s[4]];
      v14 = Integer.rotateRight(v14 ^ v2, 16);
      v10 += v14;
      v6 = Integer.rotateRight(v6 ^ v10, 12);
      v2 += v6 + m[s[5]];
      v14 = Integer.rotateRight(v14 ^ v2, 8);
      v10 += v14;
      v6 = Integer.rotateRight(v6 ^ v10, 7);
      v3 += v7 + m[s[6]];
      v15 = Integer.rotateRight(v15 ^ v3, 16);
      v11 += v15;
      v7 = Integer.rotateRight(v7 ^ v11, 12);
      v3 += v7 + m[s[7]];
      v15 = Integer.rotateRight(v15 ^ v3, 8);
      v11 += v15;
      v7 = Integer.rotateRight(v7 ^ v11, 7);
      v0 += v5 + m[s[8]];
      v15 = Integer.rotateRight(v15 ^ v0, 16);
      v10 += v15;
      v5 = Integer.rotateRight(v5 ^ v10, 12);
      v0 += v5 + m[s[9]];
      v15 = Integer.rotateRight(v15 ^ v0, 8);
      v10 += v15;
      v5 = Integer.rotateRight(v5 ^ v10, 7);
      v1 += v6 + m[s[10]];
      v12 = Integer.rotateRight(v12 ^ v1, 16);
      v11 += v12;
      v6 = Integer.rotateRight(v6 ^ v11, 12);
      v1 += v6 + m[s[11]];
      v12 = Integer.rotateRight(v12 ^ v1, 8);
      v11 += v12;
      v6 = Integer.rotateRight(v6 ^ v11, 7);
      v2 += v7 + m[s[12]];
      v13 = Integer.rotateRight(v13 ^ v2, 16);
      v8 += v13;
      v7 = Integer.rotateRight(v7 ^ v8, 12);
      v2 += v7 + m[s[13]];
      v13 = Integer.rotateRight(v13 ^ v2, 8);
      v8 += v13;
      v7 = Integer.rotateRight(v7 ^ v8, 7);
      v3 += v4 + m[s[14]];
      v14 = Integer.rotateRight(v14 ^ v3, 16);
      v9 += v14;
      v4 = Integer.rotateRight(v4 ^ v9, 12);
      v3 += v4 + m[s[15]];
      v14 = Integer.rotateRight(v14 ^ v3, 8);
      v9 += v14;
      v4 = Integer.rotateRight(v4 ^ v9, 7);
    }
    out[0] = v0 ^ v8;
    out[1] = v1 ^ v9;
    out[2] = v2 ^ v10;
    out[3] = v3 ^ v11;
    out[4] = v4 ^ v12;
    out[5] = v5 ^ v13;
    out[6] = v6 ^ v14;
    out[7] = v7 ^ v15;
    out[8] = v8 ^ cv[0];
    out[9] = v9 ^ cv[1];
    out[10] = v10 ^ cv[2];
    out[11] = v11 ^ cv[3];
    out[12] = v12 ^ cv[4];
    out[13] = v13 ^ cv[5];
    out[14] = v14 ^ cv[6];
    out[15] = v15 ^ cv[7];
  }
}
