package dev.conifer.transfer.wire;

import dev.conifer.transfer.hash.BlobTree;
import dev.conifer.transfer.hash.GroupRanges;
import dev.conifer.transfer.hash.Outboard;
import dev.conifer.transfer.store.BlobReader;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Holder side of one GET response (sans-I/O apart from reading the blob through {@link
 * BlobReader}): yields SIZE, then parent nodes and groups in walk order, then DONE.
 */
final class GetResponder {
  private final BlobReader reader;
  private final Outboard outboard;
  private final TreeWalk walk;
  private boolean sizeSent;
  private boolean doneSent;
  private final byte[] group = new byte[BlobTree.GROUP_LENGTH];
  private final byte[] node = new byte[BlobsCodec.PARENT_LENGTH];

  GetResponder(BlobReader reader, GroupRanges groups) throws IOException {
    this.reader = reader;
    this.outboard = reader.outboard();
    this.walk = new TreeWalk(reader.size(), groups, null);
  }

  /** Bytes of the largest frame this can produce. */
  static int frameLengthMax() {
    return BlobsCodec.HEADER_LENGTH + BlobsCodec.PAYLOAD_LENGTH_MAX;
  }

  /** Writes the next frame into {@code out}; returns false when the response is complete. */
  boolean pollFrame(ByteBuffer out) throws IOException {
    if (!sizeSent) {
      sizeSent = true;
      BlobsCodec.putHeader(out, BlobsCodec.SIZE, 8);
      out.putLong(reader.size());
      return true;
    }
    if (!walk.hasNext()) {
      if (doneSent) {
        return false;
      }
      doneSent = true;
      BlobsCodec.putHeader(out, BlobsCodec.DONE, 0);
      return true;
    }
    TreeWalk.Step step = walk.next();
    if (step.isGroup()) {
      int length = BlobTree.groupLength(reader.size(), step.start);
      BlobsCodec.putHeader(out, BlobsCodec.GROUP, 8 + length);
      out.putLong(step.start);
      if (out.hasArray()) {
        // Read straight into the frame: the holder never hashes or copies what it serves.
        int at = out.arrayOffset() + out.position();
        reader.readFully(BlobTree.groupOffset(step.start), out.array(), at, length);
        out.position(out.position() + length);
      } else {
        reader.readFully(BlobTree.groupOffset(step.start), group, 0, length);
        out.put(group, 0, length);
      }
      return true;
    }
    outboard.parentNode(step.start, step.count, node, 0);
    walk.descend(step, null, null);
    BlobsCodec.putHeader(out, BlobsCodec.PARENT, BlobsCodec.PARENT_LENGTH);
    out.put(node);
    return true;
  }
}
