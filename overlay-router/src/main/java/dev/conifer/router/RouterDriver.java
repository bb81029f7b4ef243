package dev.conifer.router;

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
   * Where producers' events go: straight into the core when the caller is the router's thread and
   * the core is not already on the stack (after any events still in the ring, so order holds),
   * otherwise the ring.
   */
  RouterInput input();

  /** A status snapshot the same way as {@link #input()}; false (counted) if the ring is full. */
  boolean status(java.util.concurrent.CompletableFuture<RouterStatus> future);

  /** On the router's thread and outside the core: run timers and writes now (hosted only). */
  default void flushInline() {}

  /** Closes every link and ends; waits up to {@code timeoutMs} unless called on the router. */
  void stop(long timeoutMs);
}
