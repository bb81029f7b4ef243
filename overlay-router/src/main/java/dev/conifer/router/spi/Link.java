package dev.conifer.router.spi;

/**
 * One peer link, implemented by a transport. Every method is called on the router thread only, so
 * implementations must not block.
 */
public interface Link {
  /**
   * False while the transport's outbound buffer is full; the router keeps frames queued (bounded)
   * and waits for {@link dev.conifer.router.PeerHandle#onWritable()}.
   */
  boolean isWritable();

  /**
   * Queues one whole frame for writing. The link takes ownership of {@code frame} (a fresh array;
   * the router does not reuse it). Does not flush.
   */
  void write(byte[] frame);

  /**
   * Queues the frame between {@code frame}'s position and limit, copying it before returning: the
   * router reuses the buffer. Transports override this to copy straight into their own (pooled,
   * direct) buffers, which saves the router an array per frame. Does not flush.
   */
  default void write(java.nio.ByteBuffer frame) {
    byte[] copy = new byte[frame.remaining()];
    frame.get(copy);
    write(copy);
  }

  /**
   * Optional zero-copy write: a buffer with at least {@code length} bytes free from its position,
   * in which the router writes one whole frame and then calls {@link #commit} with the bytes it
   * wrote, or null when the link cannot offer one right now (the router then uses {@link
   * #write(java.nio.ByteBuffer)}). The buffer is only valid until {@code commit}.
   */
  default java.nio.ByteBuffer claim(int length) {
    return null;
  }

  /** Queues the {@code length} bytes written into the buffer from {@link #claim}. */
  default void commit(int length) {
    throw new IllegalStateException("commit without claim");
  }

  /** Flushes what {@link #write} queued. The router calls it once per drain, not per frame. */
  void flush();

  /**
   * Closes the link (idempotent). The transport then calls {@link
   * dev.conifer.router.PeerHandle#onClosed(String)}.
   */
  void close(String reason);
}
