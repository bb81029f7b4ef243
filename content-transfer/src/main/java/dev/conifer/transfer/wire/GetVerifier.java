package dev.conifer.transfer.wire;

import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import dev.conifer.transfer.hash.Blake3;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.hash.GroupRanges;
import dev.conifer.transfer.hash.UncheckedGroup;
import dev.conifer.transfer.hash.VerifiedGroup;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Receiver side of one GET response (sans-I/O): feed it frames in order; it checks every parent
 * node and every group against the root hash before handing the group out. Any mismatch, frame out
 * of order or size that disagrees with a known size is an error, and the response is dead.
 */
public final class GetVerifier {
  private final BlobHash hash;
  private final long[] offsets;
  private final long[] lengths;
  private final long knownSize;
  private long size = -1;
  private TreeWalk walk;
  private boolean done;
  private long parentCount;

  /**
   * @param knownSize the verified size if the caller has one, else -1
   */
  public GetVerifier(BlobHash hash, long[] offsets, long[] lengths, long knownSize) {
    this.hash = hash;
    this.offsets = offsets.clone();
    this.lengths = lengths.clone();
    this.knownSize = knownSize;
  }

  /** The size the holder announced (valid after the SIZE frame). */
  public long size() {
    return size;
  }

  public boolean isDone() {
    return done;
  }

  public long parentCount() {
    return parentCount;
  }

  /** The groups this response will carry (valid after the SIZE frame). */
  public static GroupRanges groupsFor(long[] offsets, long[] lengths, long size) {
    GroupRanges r = GroupRanges.EMPTY;
    for (int i = 0; i < offsets.length; i++) {
      r = r.union(GroupRanges.ofBytes(offsets[i], lengths[i], size));
    }
    return r;
  }

  /**
   * Handles one frame. Returns a verified group, or null for frames that carry none.
   *
   * @throws BlobsException VERIFICATION_FAILED, PROTOCOL, or the holder's typed error
   */
  public VerifiedGroup handleFrame(byte type, ByteBuffer payload) throws BlobsException {
    UncheckedGroup group = handle(type, payload, false);
    if (group == null) {
      return null;
    }
    try {
      return group.verify();
    } catch (BlobsException e) {
      done = true;
      throw e;
    }
  }

  /**
   * Like {@link #handleFrame}, but leaves the group's hash check to the caller, so it can run off
   * the thread that reads the stream. Parent nodes are still checked here (they give every group
   * its expected value); a group must pass {@link UncheckedGroup#verify} before anything uses it. A
   * group keeps the payload's array instead of copying it, so the caller must not reuse it.
   *
   * @throws BlobsException VERIFICATION_FAILED (a parent node), PROTOCOL, or the holder's error
   */
  public UncheckedGroup handleFrameUnchecked(byte type, ByteBuffer payload) throws BlobsException {
    return handle(type, payload, true);
  }

  private UncheckedGroup handle(byte type, ByteBuffer payload, boolean keepPayload)
      throws BlobsException {
    if (done) {
      throw new BlobsException(BlobsError.PROTOCOL, "frame after the response ended");
    }
    if (type == BlobsCodec.ERROR) {
      done = true;
      throw BlobsCodec.decodeError(payload);
    }
    if (walk == null) {
      return handleSize(type, payload);
    }
    if (type == BlobsCodec.DONE) {
      if (walk.hasNext()) {
        throw new BlobsException(BlobsError.PROTOCOL, "DONE before every requested group");
      }
      done = true;
      return null;
    }
    if (!walk.hasNext()) {
      throw new BlobsException(BlobsError.PROTOCOL, "frame after the last requested group");
    }
    TreeWalk.Step step = walk.next();
    if (step.isGroup()) {
      return handleGroup(step, type, payload, keepPayload);
    }
    if (type != BlobsCodec.PARENT || payload.remaining() != BlobsCodec.PARENT_LENGTH) {
      throw new BlobsException(BlobsError.PROTOCOL, "expected a parent node");
    }
    byte[] node = new byte[BlobsCodec.PARENT_LENGTH];
    payload.get(node);
    int[] left = Blake3.fromBytes(node, 0);
    int[] right = Blake3.fromBytes(node, 32);
    if (!Arrays.equals(Blake3.parentCv(left, right, step.root), step.expectedCv)) {
      throw lie("parent node of groups " + step.start + "+" + step.count);
    }
    parentCount++;
    walk.descend(step, left, right);
    return null;
  }

  private UncheckedGroup handleSize(byte type, ByteBuffer payload) throws BlobsException {
    if (type != BlobsCodec.SIZE || payload.remaining() != 8) {
      throw new BlobsException(BlobsError.PROTOCOL, "expected SIZE first");
    }
    size = payload.getLong();
    if (size < 0) {
      throw new BlobsException(BlobsError.PROTOCOL, "negative size");
    }
    if (knownSize >= 0 && size != knownSize) {
      throw lie("size " + size + " but the verified size is " + knownSize);
    }
    walk = new TreeWalk(size, groupsFor(offsets, lengths, size), hash.cv());
    return null;
  }

  private UncheckedGroup handleGroup(
      TreeWalk.Step step, byte type, ByteBuffer payload, boolean keepPayload)
      throws BlobsException {
    int length = BlobTree.groupLength(size, step.start);
    if (type != BlobsCodec.GROUP || payload.remaining() != 8 + length) {
      throw new BlobsException(BlobsError.PROTOCOL, "expected group " + step.start);
    }
    long index = payload.getLong();
    if (index != step.start) {
      throw new BlobsException(BlobsError.PROTOCOL, "got group " + index + ", want " + step.start);
    }
    byte[] data;
    int offset;
    if (keepPayload && payload.hasArray()) {
      // The frame reader hands out a fresh array per frame: keep it rather than copy 16 KiB.
      data = payload.array();
      offset = payload.arrayOffset() + payload.position();
    } else {
      data = new byte[length];
      offset = 0;
      payload.get(data);
    }
    return new UncheckedGroup(hash, index, data, offset, length, step.expectedCv, step.root);
  }

  private BlobsException lie(String what) {
    done = true;
    return new BlobsException(
        BlobsError.VERIFICATION_FAILED, what + " does not match blob " + hash);
  }
}
