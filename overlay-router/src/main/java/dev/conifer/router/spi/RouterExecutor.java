package dev.conifer.router.spi;

/**
 * A single thread, owned by someone else, that the router may run on instead of its own thread:
 * typically the event loop of the transports' links, so a frame read there is routed and written
 * without crossing threads. Tasks run one at a time, in submission order, on that one thread.
 */
public interface RouterExecutor {
  /** True if the caller is the executor's thread. */
  boolean inExecutorThread();

  /**
   * Runs {@code task} soon on the executor's thread. From that thread it runs after the work
   * already in progress (for an event loop: after the current batch of reads).
   *
   * @throws java.util.concurrent.RejectedExecutionException if the executor has shut down
   */
  void execute(Runnable task);

  /** Runs {@code task} on the executor's thread after about {@code delayNs}. */
  void schedule(Runnable task, long delayNs);
}
