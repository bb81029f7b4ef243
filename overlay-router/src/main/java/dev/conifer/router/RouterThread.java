package dev.conifer.router;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import dev.conifer.router.spi.Link;
import dev.conifer.router.spi.NanoClock;
import dev.conifer.snek.wire.PublicKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that owns a {@link RouterCore}: each cycle it reads the clock once, drains up to
 * {@code ringDrainCountMax} ring events into the core, lets the core run timers and write, and
 * parks until the core's next deadline when there was nothing to do. Producers unpark it only when
 * it has announced that it is parking, so a busy router costs them one volatile read.
 */
final class RouterThread implements Runnable {
  /** Safety net: even an idle router wakes this often. */
  private static final long PARK_NS_MAX = 1_000_000_000L;

  /** Checks of the ring before parking: a busy router hands off without a park/unpark pair. */
  private static final int SPIN_COUNT = 100;

  private final RouterCore core;
  private final RingBuffer<RingEvent> ring;
  private final EventPoller<RingEvent> poller;
  private final NanoClock clock;
  private final int drainCountMax;
  private final EventPoller.Handler<RingEvent> handler = this::onEvent;
  private final EventPoller.Handler<RingEvent> stoppedHandler = this::onEventAfterStop;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean parked;
  private long nowNs;
  private int drainedCount;

  RouterThread(RouterCore core, RingBuffer<RingEvent> ring, NanoClock clock, int drainCountMax) {
    this.core = core;
    this.ring = ring;
    this.poller = ring.newPoller();
    ring.addGatingSequences(poller.getSequence());
    this.clock = clock;
    this.drainCountMax = drainCountMax;
    this.thread = new Thread(this, "conifer-router-" + core.publicKey().shortHex());
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  boolean isRouterThread() {
    return Thread.currentThread() == thread;
  }

  /** Called by producers after publishing. */
  void wake() {
    if (parked) {
      LockSupport.unpark(thread);
    }
  }

  /** Asks the loop to close every link and end; waits up to {@code timeoutMs} unless on it. */
  void stop(long timeoutMs) {
    running = false;
    LockSupport.unpark(thread);
    if (!isRouterThread()) {
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
        nowNs = clock.nanoTime();
        int work = drain(handler);
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
      nowNs = clock.nanoTime();
      try {
        core.closeAll(nowNs, "router closed");
      } catch (RuntimeException | AssertionError e) {
        core.internalError(e);
      }
      while (drain(stoppedHandler) > 0) {
        // Fail what is still queued so no caller waits forever.
      }
    }
  }

  private int drain(EventPoller.Handler<RingEvent> eventHandler) {
    drainedCount = 0;
    try {
      poller.poll(eventHandler);
    } catch (Exception e) {
      core.internalError(e); // Handlers catch everything; this is a bug.
    }
    return drainedCount;
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

  private boolean onEvent(RingEvent event, long sequence, boolean endOfBatch) {
    try {
      dispatch(event);
    } catch (RuntimeException | AssertionError e) {
      core.internalError(e);
    } finally {
      event.clear();
    }
    return ++drainedCount < drainCountMax;
  }

  private void dispatch(RingEvent event) {
    switch (event.kind) {
      case FRAME:
        core.handleFrame(nowNs, event.port, event.generation, event.bytes());
        break;
      case ATTACH:
        core.handleAttach(nowNs, event.port, event.generation, (PeerInfo) event.ref, event.link);
        break;
      case WRITABLE:
        core.handleWritable(nowNs, event.port, event.generation);
        break;
      case CLOSED:
        core.handleClosed(nowNs, event.port, event.generation, (String) event.ref);
        break;
      case SEND:
        core.handleSend(nowNs, (PublicKey) event.ref, event.bytes());
        break;
      case STATUS:
        try {
          statusFuture(event).complete(core.status());
        } catch (RuntimeException e) {
          statusFuture(event).completeExceptionally(e);
        }
        break;
      default:
        break;
    }
  }

  private boolean onEventAfterStop(RingEvent event, long sequence, boolean endOfBatch) {
    try {
      if (event.kind == RingEvent.Kind.STATUS) {
        statusFuture(event).completeExceptionally(new IllegalStateException("router closed"));
      } else if (event.kind == RingEvent.Kind.ATTACH) {
        Link link = event.link;
        link.close("router closed");
      }
    } catch (RuntimeException e) {
      core.internalError(e);
    } finally {
      event.clear();
    }
    drainedCount++;
    return true;
  }

  @SuppressWarnings("unchecked")
  private static CompletableFuture<RouterStatus> statusFuture(RingEvent event) {
    return (CompletableFuture<RouterStatus>) event.ref;
  }
}
