package dev.conifer.router;

import dev.conifer.router.spi.Link;
import java.nio.ByteBuffer;

/**
 * What runs a {@link RouterCore}: a thread of the router's own ({@link RouterThread}) or a thread
 * that belongs to the links ({@link HostedRouterLoop}). Either way exactly one thread ever touches
 * the core, and other threads reach it through the ring.
 */
interface RouterDriver {
  void start();

  /** True if the caller is the thread that runs the core. */
  boolean onRouterThread();

  /** Called by producers after publishing to the ring. */
  void wake();

  /**
   * Hands one event straight to the core if the caller is the router's thread and the core is not
   * already on the stack (after any events still in the ring, so order holds); false otherwise, and
   * the caller publishes it instead. {@code bytes} is borrowed for the call.
   */
  boolean runInline(
      RingEvent.Kind kind, int port, long generation, Object ref, Link link, ByteBuffer bytes);

  /** On the router's thread and outside the core: run timers and writes now (hosted only). */
  default void flushInline() {}

  /** Closes every link and ends; waits up to {@code timeoutMs} unless called on the router. */
  void stop(long timeoutMs);
}
