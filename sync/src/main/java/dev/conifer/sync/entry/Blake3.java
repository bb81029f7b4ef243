package dev.conifer.sync.entry;

import org.bouncycastle.crypto.digests.Blake3Digest;

/** BLAKE3 (256-bit) helpers; the same hash content transfer uses to address blobs. */
public final class Blake3 {
  public static final int LENGTH = 32;

  private Blake3() {}

  public static byte[] hash(byte[]... parts) {
    Blake3Digest digest = new Blake3Digest(256);
    for (byte[] part : parts) {
      digest.update(part, 0, part.length);
    }
    byte[] out = new byte[LENGTH];
    digest.doFinal(out, 0);
    return out;
  }
}
