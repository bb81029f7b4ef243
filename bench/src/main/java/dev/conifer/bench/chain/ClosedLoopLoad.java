package dev.conifer.bench.chain;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The load logic, identical for Conifer and the baseline: a closed loop with {@code window}
 * messages in flight. The window is primed once; after that each echo, on the endpoint's receive
 * thread, records its RTT and sends the next message, so no lock or queue sits between the network
 * and the next send.
 *
 * <p>Loss: a message refused locally leaves a hole that the driver thread refills; if nothing comes
 * back for {@link #STALL_NS}, everything in flight counts as lost, the epoch advances (late echoes
 * of the old epoch are ignored) and the window is primed again.
 */
final class ClosedLoopLoad {
  static final long STALL_NS = TimeUnit.MILLISECONDS.toNanos(1_000);
  private static final long TICK_MS = 20;
  private static final long DRAIN_NS = TimeUnit.SECONDS.toNanos(3);

  private Endpoint endpoint;
  private final Recorder rttNs = new Recorder(3_600_000_000_000L, 3);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final AtomicInteger refusedHoles = new AtomicInteger();
  private final AtomicLong nextSeq = new AtomicLong();
  private volatile int epoch = 1;
  private volatile boolean sending;
  private volatile boolean probeSeen;

  void endpoint(Endpoint value) {
    this.endpoint = value;
  }

  /** Called on the receive thread with the echoed payload's header fields. */
  void onEcho(int magic, int echoEpoch, long seq, long sendNs) {
    if (magic != MessageHeader.MAGIC) {
      return;
    }
    if (seq < 0) {
      probeSeen = true;
      return;
    }
    if (echoEpoch != epoch) {
      return;
    }
    long nowNs = System.nanoTime();
    rttNs.recordValue(Math.max(0, nowNs - sendNs));
    received.incrementAndGet();
    if (sending) {
      sendOne(true);
    }
  }

  private void sendOne(boolean onReceiveThread) {
    long seq = nextSeq.getAndIncrement();
    sent.incrementAndGet();
    if (!endpoint.send(epoch, seq, System.nanoTime(), onReceiveThread)) {
      sent.decrementAndGet();
      refusedHoles.incrementAndGet();
    }
  }

  /** Echoes counted in the last (or current) cell, warm-up included. */
  long receivedInCell() {
    return received.get();
  }

  /** Sends probes until one echo returns (a route exists); false after {@code timeoutMs}. */
  boolean awaitPath(long timeoutMs) throws InterruptedException {
    endpoint.payloadLength(MessageHeader.LENGTH);
    probeSeen = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    for (long seq = -1; System.nanoTime() - deadline < 0; seq--) {
      endpoint.send(0, seq, System.nanoTime(), false);
      for (int i = 0; i < 10 && !probeSeen; i++) {
        Thread.sleep(20);
      }
      if (probeSeen) {
        return true;
      }
    }
    return false;
  }

  /** One measurement: warm up, measure, stop and drain. */
  CellResult run(int payloadLength, int window, long warmupMs, long measureMs)
      throws InterruptedException {
    endpoint.payloadLength(payloadLength);
    epoch++;
    sent.set(0);
    received.set(0);
    lost.set(0);
    refusedHoles.set(0);
    sending = true;
    for (int i = 0; i < window; i++) {
      sendOne(false);
    }
    long stalls = 0;
    stalls += drive(warmupMs, window);
    rttNs.getIntervalHistogram(); // discard the warm-up
    long receivedAtStart = received.get();
    long startNs = System.nanoTime();
    stalls += drive(measureMs, window);
    long endNs = System.nanoTime();
    long receivedInWindow = received.get() - receivedAtStart;
    Histogram rtt = rttNs.getIntervalHistogram();
    sending = false;
    long drainDeadline = System.nanoTime() + DRAIN_NS;
    while (sent.get() - received.get() - lost.get() > 0 && System.nanoTime() - drainDeadline < 0) {
      Thread.sleep(TICK_MS);
    }
    long unanswered = Math.max(0, sent.get() - received.get() - lost.get());
    lost.addAndGet(unanswered);
    epoch++; // whatever still arrives is ignored
    return new CellResult(
        payloadLength,
        window,
        receivedInWindow * 1e9 / (endNs - startNs),
        rtt.getValueAtPercentile(50) / 1e6,
        rtt.getValueAtPercentile(99) / 1e6,
        rtt.getMaxValue() / 1e6,
        lost.get(),
        stalls,
        rtt.getTotalCount());
  }

  /** Runs the loop for {@code ms}, refilling refused holes and recovering from stalls. */
  private long drive(long ms, int window) throws InterruptedException {
    long stalls = 0;
    long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    long lastReceived = received.get();
    long lastProgressNs = System.nanoTime();
    while (System.nanoTime() - endNs < 0) {
      Thread.sleep(TICK_MS);
      for (int holes = refusedHoles.getAndSet(0); holes > 0; holes--) {
        sendOne(false); // a refusal adds the hole back for the next tick
      }
      long now = System.nanoTime();
      long r = received.get();
      if (r != lastReceived) {
        lastReceived = r;
        lastProgressNs = now;
      } else if (now - lastProgressNs > STALL_NS) {
        stalls++;
        lost.addAndGet(Math.max(0, sent.get() - received.get() - lost.get()));
        epoch++;
        for (int i = 0; i < window; i++) {
          sendOne(false);
        }
        lastProgressNs = now;
      }
    }
    return stalls;
  }
}
