package dev.conifer.transfer.hash;

import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import java.util.Arrays;

/**
 * A group that arrived in a response but has not been hashed yet: its bytes and the chaining value
 * its already verified parent (or the root hash) says it must have. {@link #verify} only reads this
 * object, so it may run on any thread; nothing may use the bytes before it returns.
 */
public final class UncheckedGroup {
  private final BlobHash hash;
  private final long index;
  private final byte[] data;
  private final int offset;
  private final int length;
  private final int[] expectedCv;
  private final boolean root;

  /** The group's bytes are {@code data[offset..offset+length)}, which nothing else may change. */
  public UncheckedGroup(
      BlobHash hash,
      long index,
      byte[] data,
      int offset,
      int length,
      int[] expectedCv,
      boolean root) {
    this.hash = hash;
    this.index = index;
    this.data = data;
    this.offset = offset;
    this.length = length;
    this.expectedCv = expectedCv;
    this.root = root;
  }

  public long index() {
    return index;
  }

  /**
   * Hashes the bytes and compares them with the expected chaining value.
   *
   * @throws BlobsException VERIFICATION_FAILED when they differ
   */
  public VerifiedGroup verify() throws BlobsException {
    int[] cv = BlobTree.groupCv(index, data, offset, length, root);
    if (!Arrays.equals(cv, expectedCv)) {
      throw new BlobsException(
          BlobsError.VERIFICATION_FAILED, "group " + index + " does not match blob " + hash);
    }
    // A one-group blob's check is against the root; store the non-root value for the outboard.
    int[] storeCv = root ? BlobTree.groupCv(index, data, offset, length, false) : cv;
    return new VerifiedGroup(index, data, offset, length, storeCv);
  }
}
