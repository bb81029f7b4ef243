package dev.conifer.router;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import dev.conifer.router.spi.NanoClock;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread of the router's own that drives a {@link RouterCore}: each cycle it reads the clock
 * once, drains up to {@code ringDrainCountMax} ring events into the core, lets the core run timers
 * and write, and parks until the core's next deadline when there was nothing to do. Producers
 * unpark it only when it has announced that it is parking, so a busy router costs them one volatile
 * read.
 */
final class RouterThread implements RouterDriver, Runnable {
  /** Safety net: even an idle router wakes this often. */
  private static final long PARK_NS_MAX = 1_000_000_000L;

  /** Checks of the ring before parking: a busy router hands off without a park/unpark pair. */
  private static final int SPIN_COUNT = 100;

  private final RouterCore core;
  private final RingBuffer<RingEvent> ring;
  private final EventPoller<RingEvent> poller;
  private final RingDispatcher dispatcher;
  private final NanoClock clock;
  private final RingInput ringInput;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean parked;

  RouterThread(
      RouterCore core,
      RingBuffer<RingEvent> ring,
      RingInput ringInput,
      NanoClock clock,
      int drainCountMax) {
    this.core = core;
    this.ringInput = ringInput;
    this.ring = ring;
    this.poller = ring.newPoller();
    ring.addGatingSequences(poller.getSequence());
    this.dispatcher = new RingDispatcher(core, poller, drainCountMax);
    this.clock = clock;
    this.thread = new Thread(this, "conifer-router-" + core.publicKey().shortHex());
    this.thread.setDaemon(true);
  }

  @Override
  public void start() {
    thread.start();
  }

  @Override
  public boolean onRouterThread() {
    return Thread.currentThread() == thread;
  }

  @Override
  public void wake() {
    if (parked) {
      LockSupport.unpark(thread);
    }
  }

  /** Every other thread publishes; the router thread itself publishes only from inside the core. */
  @Override
  public RouterInput input() {
    return ringInput;
  }

  @Override
  public boolean status(java.util.concurrent.CompletableFuture<RouterStatus> future) {
    return ringInput.status(future);
  }

  @Override
  public void stop(long timeoutMs) {
    running = false;
    LockSupport.unpark(thread);
    if (Thread.currentThread() != thread) {
      try {
        thread.join(timeoutMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void run() {
    try {
      while (running) {
        long nowNs = clock.nanoTime();
        int work = dispatcher.drain(nowNs);
        try {
          work += core.doWork(nowNs);
        } catch (RuntimeException | AssertionError e) {
          core.internalError(e); // A bug; keep routing rather than die.
          work++;
        }
        if (work == 0) {
          idle();
        }
      }
    } finally {
      try {
        core.closeAll(clock.nanoTime(), "router closed");
      } catch (RuntimeException | AssertionError e) {
        core.internalError(e);
      }
      while (dispatcher.drainAfterStop() > 0) {
        // Fail what is still queued so no caller waits forever.
      }
    }
  }

  private void idle() {
    for (int i = 0; i < SPIN_COUNT; i++) {
      if (hasRingWork()) {
        return;
      }
      Thread.onSpinWait();
    }
    long deadlineNs = core.nextDeadlineNs();
    parked = true;
    // Re-check after announcing the park: a producer that published before seeing the flag is
    // caught here, one that publishes after will unpark us.
    if (running && !hasRingWork() && !core.hasPendingWrites()) {
      long waitNs = deadlineNs - clock.nanoTime();
      if (waitNs > 0) {
        LockSupport.parkNanos(this, Math.min(waitNs, PARK_NS_MAX));
      }
    }
    parked = false;
  }

  private boolean hasRingWork() {
    return ring.getCursor() > poller.getSequence().get();
  }
}
