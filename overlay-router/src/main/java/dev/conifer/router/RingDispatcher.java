package dev.conifer.router;

import com.lmax.disruptor.EventPoller;
import dev.conifer.router.spi.Link;
import dev.conifer.snek.wire.PublicKey;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Turns ring events (or the same events handed over inline) into {@link RouterCore} calls, and
 * drains the ring in bounded batches. Shared by both drivers; used only on the router's thread.
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
      dispatch(
          nowNs,
          event.kind,
          event.port,
          event.generation,
          event.ref,
          event.link,
          event.kind == RingEvent.Kind.FRAME || event.kind == RingEvent.Kind.SEND
              ? event.bytes()
              : null);
    } finally {
      event.clear();
    }
    return ++drainedCount < drainCountMax;
  }

  /** One event, from the ring or inline; bugs are counted, never thrown. */
  void dispatch(
      long nowNs,
      RingEvent.Kind kind,
      int port,
      long generation,
      Object ref,
      Link link,
      ByteBuffer bytes) {
    try {
      switch (kind) {
        case FRAME:
          core.frame(nowNs, port, generation, bytes);
          break;
        case ATTACH:
          core.attach(nowNs, port, generation, (PeerInfo) ref, link);
          break;
        case WRITABLE:
          core.writable(nowNs, port, generation);
          break;
        case CLOSED:
          core.closed(nowNs, port, generation, (String) ref);
          break;
        case SEND:
          core.send(nowNs, (PublicKey) ref, bytes);
          break;
        case STATUS:
          completeStatus(statusFuture(ref));
          break;
        default:
          break;
      }
    } catch (RuntimeException | AssertionError e) {
      core.internalError(e);
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
        statusFuture(event.ref).completeExceptionally(new IllegalStateException("router closed"));
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

  @SuppressWarnings("unchecked")
  private static CompletableFuture<RouterStatus> statusFuture(Object ref) {
    return (CompletableFuture<RouterStatus>) ref;
  }
}
