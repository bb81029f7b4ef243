package dev.conifer.router;

import com.lmax.disruptor.EventPoller;
import java.util.concurrent.CompletableFuture;

/**
 * Drains the ring in bounded batches, turning each event back into the {@link RouterInput} call
 * that {@link RingInput} published, now on the router's thread and with the driver's time. Shared
 * by both drivers.
 */
final class RingDispatcher {
  private final RouterCore core;
  private final EventPoller<RingEvent> poller;
  private final int drainCountMax;
  private final EventPoller.Handler<RingEvent> handler = this::onEvent;
  private final EventPoller.Handler<RingEvent> stoppedHandler = this::onEventAfterStop;
  private long nowNs;
  private int drainedCount;

  RingDispatcher(RouterCore core, EventPoller<RingEvent> poller, int drainCountMax) {
    this.core = core;
    this.poller = poller;
    this.drainCountMax = drainCountMax;
  }

  /** Hands up to {@code drainCountMax} ring events to the core; returns how many. */
  int drain(long nowNs) {
    this.nowNs = nowNs;
    return poll(handler);
  }

  /** After the core closed: fails what is queued so no caller waits forever. */
  int drainAfterStop() {
    return poll(stoppedHandler);
  }

  private int poll(EventPoller.Handler<RingEvent> eventHandler) {
    drainedCount = 0;
    try {
      poller.poll(eventHandler);
    } catch (Exception e) {
      core.internalError(e); // Handlers catch everything; this is a bug.
    }
    return drainedCount;
  }

  private boolean onEvent(RingEvent event, long sequence, boolean endOfBatch) {
    try {
      dispatch(event);
    } finally {
      event.clear();
    }
    return ++drainedCount < drainCountMax;
  }

  /** One event into the core, typed; bugs are counted, never thrown. */
  private void dispatch(RingEvent e) {
    try {
      switch (e.kind) {
        case FRAME -> core.frame(nowNs, e.port, e.generation, e.bytes());
        case ATTACH -> core.attach(nowNs, e.port, e.generation, e.info, e.link);
        case WRITABLE -> core.writable(nowNs, e.port, e.generation);
        case CLOSED -> core.closed(nowNs, e.port, e.generation, e.reason);
        case SEND -> core.send(nowNs, e.destination, e.bytes());
        case STATUS -> completeStatus(e.status);
        default -> {
          // NONE: a slot published as a no-op after a failed copy.
        }
      }
    } catch (RuntimeException | AssertionError error) {
      core.internalError(error);
    }
  }

  private void completeStatus(CompletableFuture<RouterStatus> future) {
    try {
      future.complete(core.status());
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
    }
  }

  private boolean onEventAfterStop(RingEvent event, long sequence, boolean endOfBatch) {
    try {
      if (event.kind == RingEvent.Kind.STATUS) {
        event.status.completeExceptionally(new IllegalStateException("router closed"));
      } else if (event.kind == RingEvent.Kind.ATTACH) {
        event.link.close("router closed");
      }
    } catch (RuntimeException e) {
      core.internalError(e);
    } finally {
      event.clear();
    }
    drainedCount++;
    return true;
  }
}
