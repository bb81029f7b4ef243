package dev.conifer.session;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs stream handlers and dial completions: at most {@code threads} at once, a bounded backlog
 * (beyond it new inbound streams are refused), daemon threads that time out when idle.
 */
final class HandlerExecutor extends ThreadPoolExecutor {
  private static final int BACKLOG_MAX = 4096;

  HandlerExecutor(int threads) {
    super(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(BACKLOG_MAX), daemons());
    allowCoreThreadTimeOut(true);
  }

  private static ThreadFactory daemons() {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "conifer-session-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
