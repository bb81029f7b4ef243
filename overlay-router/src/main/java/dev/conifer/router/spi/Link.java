package dev.conifer.router.spi;

import java.nio.ByteBuffer;

/**
 * One peer link, implemented by a transport. Every method is called on the router thread only, so
 * implementations must not block.
 *
 * <p>Frames go out one way, with one fallback: the router asks for room with {@link #claim}, writes
 * the frame straight into it and {@link #commit}s it; when the link offers no room (null), it hands
 * the frame over with {@link #write}, which copies it. Neither flushes: {@link #flush} does, once
 * per drain.
 */
public interface Link {
  /**
   * False while the transport's outbound buffer is full; the router keeps frames queued (bounded)
   * and waits for {@link dev.conifer.router.PeerHandle#onWritable()}.
   */
  boolean isWritable();

  /**
   * A buffer with at least {@code length} bytes free from its position, in which the router writes
   * one whole frame and then calls {@link #commit} with the bytes it wrote; or null when the link
   * cannot offer one right now (the router then uses {@link #write}). Valid until {@code commit}.
   */
  default ByteBuffer claim(int length) {
    return null;
  }

  /** Queues the {@code length} bytes written into the buffer from {@link #claim}. */
  default void commit(int length) {
    throw new IllegalStateException("commit without claim");
  }

  /**
   * The fallback: queues the frame between {@code frame}'s position and limit, copying it before
   * returning (the router reuses the buffer), and moves the position to the limit.
   */
  void write(ByteBuffer frame);

  /** Flushes what was queued. The router calls it once per drain, not per frame. */
  void flush();

  /**
   * Stops reading from the link for about {@code durationNs}, so that the transport's flow control
   * slows a peer that floods frames the router drops; frames already read may still arrive. Data
   * then waits too, so the router asks only when a peer's frames that carry no data are being
   * dropped. Optional: a link that cannot pause ignores it.
   */
  default void pauseReading(long durationNs) {}

  /**
   * Closes the link (idempotent). The transport then calls {@link
   * dev.conifer.router.PeerHandle#onClosed(String)}.
   */
  void close(String reason);
}
