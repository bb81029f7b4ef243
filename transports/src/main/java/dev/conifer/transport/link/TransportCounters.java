package dev.conifer.transport.link;

import dev.conifer.snek.wire.WireError;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Plain counters bumped by every event loop; Micrometer reads them on scrape ({@link #bindTo}), so
 * the I/O path never touches a registry.
 */
public final class TransportCounters {
  private final LongAdder[] handshakeFailures = adders(HandshakeFailure.values().length);
  private final LongAdder[] frameRejects = adders(WireError.values().length);
  private final LongAdder handshakesCompleted = new LongAdder();
  private final LongAdder framesIn = new LongAdder();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder framesDroppedRingFull = new LongAdder();
  private final LongAdder readsDeferred = new LongAdder();
  private final LongAdder readsPaused = new LongAdder();
  private final LongAdder dialsStarted = new LongAdder();
  private final LongAdder dialsFailed = new LongAdder();

  private static LongAdder[] adders(int count) {
    LongAdder[] adders = new LongAdder[count];
    for (int i = 0; i < count; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }

  public void handshakeFailed(HandshakeFailure failure) {
    handshakeFailures[failure.ordinal()].increment();
  }

  public void handshakeCompleted() {
    handshakesCompleted.increment();
  }

  public void frameRejected(WireError reason) {
    frameRejects[reason.ordinal()].increment();
  }

  public void frameIn(int length) {
    framesIn.increment();
    bytesIn.add(length);
  }

  /** {@code frames} frames of {@code bytes} bytes in all, counted at once. */
  public void framesIn(int frames, long bytes) {
    framesIn.add(frames);
    bytesIn.add(bytes);
  }

  public void frameDroppedRingFull() {
    framesDroppedRingFull.increment();
  }

  /** A link used its frame share of a loop turn; the rest of its read waits for the next. */
  public void readDeferred() {
    readsDeferred.increment();
  }

  /** The router paused a link's reads: its peer floods frames that carry no data. */
  public void readPaused() {
    readsPaused.increment();
  }

  public long readsPaused() {
    return readsPaused.sum();
  }

  public long readsDeferred() {
    return readsDeferred.sum();
  }

  public void dialStarted() {
    dialsStarted.increment();
  }

  public void dialFailed() {
    dialsFailed.increment();
  }

  public long handshakeFailures(HandshakeFailure failure) {
    return handshakeFailures[failure.ordinal()].sum();
  }

  public long handshakesCompleted() {
    return handshakesCompleted.sum();
  }

  public long frameRejects(WireError reason) {
    return frameRejects[reason.ordinal()].sum();
  }

  public long framesIn() {
    return framesIn.sum();
  }

  public long bytesIn() {
    return bytesIn.sum();
  }

  public long framesDroppedRingFull() {
    return framesDroppedRingFull.sum();
  }

  public long dialsStarted() {
    return dialsStarted.sum();
  }

  public long dialsFailed() {
    return dialsFailed.sum();
  }

  /** Registers every counter as a function counter under {@code conifer.transport.*}. */
  public void bindTo(MeterRegistry registry) {
    for (HandshakeFailure failure : HandshakeFailure.values()) {
      FunctionCounter.builder(
              "conifer.transport.handshakes.failed",
              handshakeFailures[failure.ordinal()],
              LongAdder::sum)
          .tag("reason", failure.name().toLowerCase(Locale.ROOT))
          .description("connections that did not become peerings, by reason")
          .register(registry);
    }
    for (WireError reason : WireError.values()) {
      FunctionCounter.builder(
              "conifer.transport.frames.rejected", frameRejects[reason.ordinal()], LongAdder::sum)
          .tag("reason", reason.name().toLowerCase(Locale.ROOT))
          .description("peerings closed for a malformed frame header, by reason")
          .register(registry);
    }
    counter(registry, "conifer.transport.handshakes.completed", handshakesCompleted, "peerings up");
    counter(registry, "conifer.transport.frames.in", framesIn, "frames read from links");
    counter(registry, "conifer.transport.bytes.in", bytesIn, "frame bytes read from links");
    counter(
        registry,
        "conifer.transport.frames.dropped.ring.full",
        framesDroppedRingFull,
        "frames dropped because the router ring was full");
    counter(
        registry,
        "conifer.transport.reads.deferred",
        readsDeferred,
        "times a link used its frame share of an event-loop turn and the rest waited a turn");
    counter(
        registry,
        "conifer.transport.reads.paused",
        readsPaused,
        "times a link's reads were paused because its peer flooded frames that carry no data");
    counter(registry, "conifer.transport.dials.started", dialsStarted, "outbound dials");
    counter(registry, "conifer.transport.dials.failed", dialsFailed, "outbound dials that failed");
  }

  private static void counter(
      MeterRegistry registry, String name, LongAdder adder, String description) {
    FunctionCounter.builder(name, adder, LongAdder::sum)
        .description(description)
        .register(registry);
  }
}
