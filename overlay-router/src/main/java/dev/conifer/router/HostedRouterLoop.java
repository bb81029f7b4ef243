package dev.conifer.router;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import dev.conifer.router.spi.NanoClock;
import dev.conifer.router.spi.RouterExecutor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drives a {@link RouterCore} on a thread that belongs to someone else, normally the event loop of
 * the links. Events raised on that thread (a frame read, a link attached or closed) go straight
 * into the core: no ring slot, no copy, no wake-up. The core's writes and timers then run in one
 * task queued behind the current batch of reads, so a loop iteration ends with one flush per link
 * however many frames it routed. Other threads publish to the ring as usual; a wake-up queues the
 * same task.
 */
final class HostedRouterLoop implements RouterDriver {
  /** Safety net: even an idle router runs this often. */
  private static final long IDLE_NS_MAX = 1_000_000_000L;

  private final RouterCore core;
  private final RingBuffer<RingEvent> ring;
  private final EventPoller<RingEvent> poller;
  private final RingDispatcher dispatcher;
  private final NanoClock clock;
  private final RouterExecutor executor;
  private final HostedInput input;
  private final AtomicBoolean workQueued = new AtomicBoolean();
  private final Runnable workTask = this::work;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;

  /** True while the core is on the stack: a re-entrant event must wait in the ring. */
  private boolean inCore;

  private boolean rerun;

  static final long NO_TIME = Long.MIN_VALUE + 1;

  /**
   * The time read for the first inline event since the last work task: events of one batch of reads
   * share it (a clock read per frame is a measurable part of forwarding one).
   */
  private long batchNowNs = NO_TIME;

  /** When the earliest timer task we queued is due; {@code Long.MAX_VALUE} if none is. */
  private long timerDueNs = Long.MAX_VALUE;

  HostedRouterLoop(
      RouterCore core,
      RingBuffer<RingEvent> ring,
      RingInput ringInput,
      NanoClock clock,
      int drainCountMax,
      RouterExecutor executor) {
    this.core = core;
    this.input = new HostedInput(this, core, ringInput);
    this.ring = ring;
    this.poller = ring.newPoller();
    ring.addGatingSequences(poller.getSequence());
    this.dispatcher = new RingDispatcher(core, poller, drainCountMax);
    this.clock = clock;
    this.executor = executor;
  }

  @Override
  public void start() {
    wake(); // arms the first timer
  }

  @Override
  public boolean onRouterThread() {
    return executor.inExecutorThread();
  }

  @Override
  public void wake() {
    // A plain read first: while the task is queued, each routed frame costs no atomic write.
    if (!workQueued.get() && workQueued.compareAndSet(false, true)) {
      try {
        executor.execute(workTask);
      } catch (RejectedExecutionException e) {
        workQueued.set(false); // shut down: stop() fails what is left
      }
    }
  }

  @Override
  public RouterInput input() {
    return input;
  }

  @Override
  public boolean status(java.util.concurrent.CompletableFuture<RouterStatus> future) {
    return input.status(future);
  }

  /**
   * Enters the core for one inline event if the caller is the loop's thread and the core is not
   * already on the stack; first drains what was published before it. Returns the time to give the
   * core, or {@link #NO_TIME} when the caller must publish instead. Follow with {@link
   * #exitInline}.
   */
  long enterInline(long nowNs) {
    if (inCore || !running || !executor.inExecutorThread()) {
      return NO_TIME;
    }
    inCore = true;
    long timeNs = nowNs == RouterInput.NOW ? batchNowNs() : nowNs;
    try {
      long published = ring.getCursor();
      while (poller.getSequence().get() < published) {
        dispatcher.drain(timeNs); // what was published before this event goes first
      }
    } catch (RuntimeException | AssertionError e) {
      core.internalError(e);
    }
    return timeNs;
  }

  /** Leaves the core after an inline event; writes and timers follow this batch of reads. */
  void exitInline() {
    inCore = false;
    rerun = false;
    wake();
  }

  @Override
  public void flushInline() {
    if (running
        && !inCore
        && executor.inExecutorThread()
        && (core.hasPendingWrites() || hasRingWork())) {
      work(); // the queued work task then finds little or nothing to do
    }
  }

  private long batchNowNs() {
    if (batchNowNs == NO_TIME) {
      batchNowNs = clock.nanoTime();
    }
    return batchNowNs;
  }

  private void work() {
    workQueued.set(false);
    batchNowNs = NO_TIME; // the batch of reads is over: the next event reads the clock again
    if (!running) {
      return;
    }
    if (inCore) {
      rerun = true; // an executor that runs tasks in place; go again once the core returns
      return;
    }
    inCore = true;
    try {
      long nowNs = clock.nanoTime();
      if (hasRingWork()) {
        dispatcher.drain(nowNs);
      }
      core.doWork(nowNs);
      if (hasRingWork() || core.hasPendingWrites()) {
        wake();
      }
      arm(nowNs, Math.min(core.nextDeadlineNs(), nowNs + IDLE_NS_MAX));
    } catch (RuntimeException | AssertionError e) {
      core.internalError(e); // A bug; keep routing rather than die.
      wake();
    } finally {
      inCore = false;
    }
    if (rerun) {
      rerun = false;
      wake();
    }
  }

  /** Queues a timer for {@code dueNs} unless one at or before it is already queued. */
  private void arm(long nowNs, long dueNs) {
    if (dueNs >= timerDueNs && timerDueNs > nowNs) {
      return;
    }
    timerDueNs = dueNs;
    executor.schedule(() -> onTimer(dueNs), Math.max(0, dueNs - nowNs));
  }

  private void onTimer(long dueNs) {
    if (dueNs == timerDueNs) {
      timerDueNs = Long.MAX_VALUE;
    }
    if (running) {
      work(); // a stale timer just runs a harmless extra cycle
    }
  }

  @Override
  public void stop(long timeoutMs) {
    running = false;
    if (executor.inExecutorThread() && !inCore) {
      shutDown();
      return;
    }
    try {
      executor.execute(this::shutDown);
    } catch (RejectedExecutionException e) {
      shutDown(); // the thread is gone, so nothing else can touch the core
      return;
    }
    if (executor.inExecutorThread()) {
      return; // called from inside the core; the task runs when it returns
    }
    try {
      stopped.await(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void shutDown() {
    if (stopped.getCount() == 0) {
      return;
    }
    try {
      core.closeAll(clock.nanoTime(), "router closed");
    } catch (RuntimeException | AssertionError e) {
      core.internalError(e);
    }
    while (dispatcher.drainAfterStop() > 0) {
      // Fail what is still queued so no caller waits forever.
    }
    stopped.countDown();
  }

  private boolean hasRingWork() {
    return ring.getCursor() > poller.getSequence().get();
  }
}
