package dev.conifer.router;

import java.nio.ByteBuffer;

/**
 * Handed to the transport for one attached peering. All methods are thread-safe: they publish onto
 * the router's ring and never block. A handle stays bound to its own peering: after the peering is
 * gone and its port reused, calls on the old handle are ignored.
 */
public interface PeerHandle {
  int port();

  /**
   * One whole frame (header included, already length-checked by {@code FrameHeader.check}) from
   * position to limit; the bytes are copied before return, so the caller may release its buffer.
   * The buffer's position is not changed. Returns false (and counts a drop) if the ring is full.
   */
  boolean onFrame(ByteBuffer frame);

  /**
   * The transport finished one batch of reads from this link. A router hosted on this thread writes
   * and flushes now what those frames produced, as a byte relay flushes after a read, instead of
   * after every link's reads in this loop iteration. Optional: without it the flush comes a little
   * later.
   */
  default void onReadComplete() {}

  /** The link became writable again. */
  void onWritable();

  /** The link is gone (EOF, error, or after {@code Link.close}). Idempotent. */
  void onClosed(String reason);
}
