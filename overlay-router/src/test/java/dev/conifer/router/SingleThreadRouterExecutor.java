package dev.conifer.router;

import dev.conifer.router.spi.RouterExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A plain one-thread executor for hosted routers in tests: the stand-in for an event loop. */
public final class SingleThreadRouterExecutor implements RouterExecutor, AutoCloseable {
  private final ScheduledThreadPoolExecutor executor;
  private volatile Thread thread;

  public SingleThreadRouterExecutor(String name) {
    executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread t = new Thread(task, name);
              t.setDaemon(true);
              thread = t;
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
  }

  @Override
  public boolean inExecutorThread() {
    return Thread.currentThread() == thread;
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(task);
  }

  @Override
  public void schedule(Runnable task, long delayNs) {
    executor.schedule(task, delayNs, TimeUnit.NANOSECONDS);
  }

  /** Runs {@code task} on the executor's thread and waits up to 10 s for its result. */
  public <T> T call(Callable<T> task) throws Exception {
    return executor.submit(task).get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
