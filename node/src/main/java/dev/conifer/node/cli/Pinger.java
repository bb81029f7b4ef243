package dev.conifer.node.cli;

import dev.conifer.router.Receiver;
import dev.conifer.router.Router;
import dev.conifer.router.spi.NanoClock;
import dev.conifer.snek.wire.PublicKey;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The measuring half of {@code conifer ping}: sends payloads to a node running {@code --echo},
 * keeps up to {@code window} in flight, and records round-trip times. A payload that has not come
 * back within {@code timeout} counts as lost and frees its window slot.
 *
 * <p>Each echo's slot is refilled from the receive callback, on the router thread, so the next
 * payload leaves without a hand-off between threads (two thread wake-ups per packet cost the client
 * more CPU than a relay spends forwarding it). The calling thread sends the first window and
 * refills the slots of lost payloads.
 *
 * <p>Payload layout: magic (4 bytes), run id (4), sequence number (8, negative for route probes),
 * send time in ns (8), then zero padding up to the requested size. The run id keeps late echoes of
 * an earlier run from being counted.
 */
public final class Pinger implements Receiver {
  public static final int HEADER_LENGTH = 24;
  static final int MAGIC = 0x434e5047; // "CNPG"
  private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long PROBE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(200);

  /**
   * @param count data payloads to send
   * @param payloadLength bytes per payload, at least {@link #HEADER_LENGTH}
   * @param window payloads in flight at most
   * @param timeout after which an unanswered payload is lost
   * @param routeWait how long to probe for the first echo (the route) before giving up
   */
  public record Settings(
      int count, int payloadLength, int window, Duration timeout, Duration routeWait) {
    public Settings {
      if (count < 1 || window < 1 || payloadLength < HEADER_LENGTH) {
        throw new IllegalArgumentException("count and window must be positive, payload >= 24");
      }
    }
  }

  private final Router router;
  private final PublicKey target;
  private final Settings settings;
  private final NanoClock clock;
  private final int runId;
  private final Map<Long, Long> outstandingSendNs = new ConcurrentHashMap<>();
  private final Histogram rttNs = new ConcurrentHistogram(3);
  private final AtomicLong nextSeq = new AtomicLong();
  private final AtomicLong sentCount = new AtomicLong();
  private final AtomicLong receivedCount = new AtomicLong();
  private final AtomicLong settledCount = new AtomicLong();
  private final AtomicLong lastReplyNs = new AtomicLong();
  private final CountDownLatch routeFound = new CountDownLatch(1);
  private final CountDownLatch allSettled = new CountDownLatch(1);
  private final ByteBuffer callerPayload;
  private final ByteBuffer routerThreadPayload;

  public Pinger(Router router, PublicKey target, Settings settings, NanoClock clock, int runId) {
    this.router = router;
    this.target = target;
    this.settings = settings;
    this.clock = clock;
    this.runId = runId;
    this.callerPayload = ByteBuffer.allocate(settings.payloadLength());
    this.routerThreadPayload = ByteBuffer.allocate(settings.payloadLength());
  }

  /**
   * Probes until the first echo arrives (or {@code routeWait} passes), then runs the measurement.
   * Installs itself as the router's receiver. Returns null if no probe came back.
   */
  public PingResult run() throws InterruptedException {
    router.setReceiver(this);
    if (!awaitRoute()) {
      return null;
    }
    long startNs = clock.nanoTime();
    for (int slot = 0; slot < settings.window(); slot++) {
      sendNext(callerPayload);
    }
    while (!allSettled.await(POLL_NS, TimeUnit.NANOSECONDS)) {
      expireLost();
    }
    long received = receivedCount.get();
    long elapsedNs = received == 0 ? clock.nanoTime() - startNs : lastReplyNs.get() - startNs;
    return new PingResult(
        sentCount.get(),
        received,
        elapsedNs,
        settings.payloadLength(),
        received == 0 ? 0 : rttNs.getValueAtPercentile(50),
        received == 0 ? 0 : rttNs.getValueAtPercentile(99));
  }

  /**
   * Fills one window slot with the next payload, if any are left. A payload the router refuses (its
   * queue is full) is lost at once and the slot goes to the one after it.
   */
  private void sendNext(ByteBuffer buffer) {
    for (long seq = nextSeq.getAndIncrement();
        seq < settings.count();
        seq = nextSeq.getAndIncrement()) {
      long nowNs = clock.nanoTime();
      outstandingSendNs.put(seq, nowNs);
      sentCount.incrementAndGet();
      if (router.send(target, encode(buffer, seq, nowNs))) {
        return;
      }
      if (outstandingSendNs.remove(seq) != null) {
        settle();
      }
    }
  }

  /** One payload is answered or lost; the last one ends the run. */
  private void settle() {
    if (settledCount.incrementAndGet() == settings.count()) {
      allSettled.countDown();
    }
  }

  private boolean awaitRoute() throws InterruptedException {
    ByteBuffer probe = ByteBuffer.allocate(HEADER_LENGTH);
    long deadlineNs = clock.nanoTime() + settings.routeWait().toNanos();
    for (long seq = -1; clock.nanoTime() - deadlineNs < 0; seq--) {
      router.send(target, encode(probe, seq, clock.nanoTime()));
      if (routeFound.await(PROBE_INTERVAL_NS, TimeUnit.NANOSECONDS)) {
        return true;
      }
    }
    return false;
  }

  /** Frees the window slots of payloads older than the timeout; each counts as lost. */
  private void expireLost() {
    long oldestAllowedNs = clock.nanoTime() - settings.timeout().toNanos();
    for (Map.Entry<Long, Long> entry : outstandingSendNs.entrySet()) {
      if (entry.getValue() - oldestAllowedNs < 0
          && outstandingSendNs.remove(entry.getKey(), entry.getValue())) {
        settle();
        sendNext(callerPayload);
      }
    }
  }

  private ByteBuffer encode(ByteBuffer buffer, long seq, long sendNs) {
    buffer.clear();
    buffer.putInt(0, MAGIC).putInt(4, runId).putLong(8, seq).putLong(16, sendNs);
    return buffer;
  }

  /** Called on the router thread for every payload addressed to this node. */
  @Override
  public void onReceive(PublicKey source, ByteBuffer payload) {
    int at = payload.position();
    if (!source.equals(target)
        || payload.remaining() < HEADER_LENGTH
        || payload.getInt(at) != MAGIC
        || payload.getInt(at + 4) != runId) {
      return;
    }
    long seq = payload.getLong(at + 8);
    if (seq < 0) {
      routeFound.countDown();
      return;
    }
    Long sendNs = outstandingSendNs.remove(seq);
    if (sendNs != null) { // null: a duplicate, or already counted as lost
      long nowNs = clock.nanoTime();
      rttNs.recordValue(Math.max(0, nowNs - sendNs));
      receivedCount.incrementAndGet();
      lastReplyNs.set(nowNs);
      settle();
      sendNext(routerThreadPayload);
    }
  }
}
