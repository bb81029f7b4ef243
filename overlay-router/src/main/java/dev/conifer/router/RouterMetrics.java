package dev.conifer.router;

import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.wire.FrameType;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.ToDoubleFunction;

/**
 * The router's Micrometer meters (names prefixed {@code conifer.}). Per-frame counts are plain
 * single-writer cells written by the router thread with release stores (no locked instructions on
 * the hot path) and read by the meters at scrape time; only drops, which other threads can cause,
 * use atomic increments. Meter ids carry no router tag, so use one registry per live router: a
 * second router in the same registry takes the ids over, and {@link #close} removes them. Without a
 * registry (a simulated router) the cells are kept and nothing is registered.
 */
final class RouterMetrics {
  /** Index for frame types the router does not know. */
  static final int UNKNOWN_TYPE = FrameType.values().length;

  private static final int VERDICT_BASE = DropReason.values().length;

  private final MeterRegistry registry;
  private final AtomicLongArray framesIn = new AtomicLongArray(UNKNOWN_TYPE + 1);
  private final AtomicLongArray framesOut = new AtomicLongArray(UNKNOWN_TYPE + 1);
  private final AtomicLongArray bytes = new AtomicLongArray(2);
  private final AtomicLongArray drops =
      new AtomicLongArray(VERDICT_BASE + FrameVerdict.values().length);
  private final AtomicLongArray listenerErrors = new AtomicLongArray(1);
  private final List<Meter> meters = new ArrayList<>();

  volatile int peerCount;

  /** The per-peer series by (short key, URI class); router thread only. */
  final java.util.Map<List<String>, PeerMeters.Series> peerSeries = PeerMeters.table();

  volatile int treeDepth;
  volatile int routeCount;
  volatile long sequenceRegressionCount;
  volatile long queuedFrameCount;
  volatile long queuedByteCount;

  RouterMetrics(MeterRegistry registry) {
    this.registry = registry;
    if (registry == null) {
      return;
    }
    for (int i = 0; i <= UNKNOWN_TYPE; i++) {
      String type = typeTag(i);
      int index = i;
      counter("conifer.frames.in", "frames received from peers", framesIn, index, "type", type);
      counter("conifer.frames.out", "frames written to peers", framesOut, index, "type", type);
    }
    counter("conifer.bytes.in", "frame bytes received from all peers", bytes, 0, null, null);
    counter("conifer.bytes.out", "frame bytes written to all peers", bytes, 1, null, null);
    for (DropReason reason : DropReason.values()) {
      dropCounter(reason.tag(), reason.ordinal());
    }
    for (FrameVerdict verdict : FrameVerdict.values()) {
      if (verdict.dropped() || verdict.disconnect()) {
        dropCounter(verdictTag(verdict), VERDICT_BASE + verdict.ordinal());
      }
    }
    counter(
        "conifer.router.errors",
        "exceptions thrown by listeners, receivers, links or the core",
        listenerErrors,
        0,
        null,
        null);
    gauge("conifer.peers", "attached peerings", m -> m.peerCount);
    gauge("conifer.tree.depth", "this node's depth in the spanning tree", m -> m.treeDepth);
    gauge("conifer.snake.routes", "snake routing-table entries", m -> m.routeCount);
    meters.add(
        FunctionCounter.builder(
                "conifer.announcements.sequence.regressions", this, m -> m.sequenceRegressionCount)
            .description("announcements whose root sequence went back (Go would disconnect)")
            .register(registry));
    gauge("conifer.queue.frames", "frames queued to all peers", m -> m.queuedFrameCount);
    gauge("conifer.queue.bytes", "bytes queued to all peers", m -> m.queuedByteCount);
  }

  private void dropCounter(String reason, int index) {
    counter(
        "conifer.drops", "frames and commands dropped, by reason", drops, index, "reason", reason);
  }

  private void counter(
      String name,
      String description,
      AtomicLongArray cells,
      int index,
      String tagKey,
      String tagValue) {
    removeStale(name, tagKey, tagValue);
    FunctionCounter.Builder<AtomicLongArray> builder =
        FunctionCounter.builder(name, cells, a -> a.get(index)).description(description);
    if (tagKey != null) {
      builder.tag(tagKey, tagValue);
    }
    meters.add(builder.register(registry));
  }

  private void gauge(String name, String description, ToDoubleFunction<RouterMetrics> f) {
    removeStale(name, null, null);
    meters.add(
        Gauge.builder(name, this, f)
            .description(description)
            .strongReference(true)
            .register(registry));
  }

  /**
   * Meter ids carry no router tag, so a meter left by an earlier router in the same registry would
   * otherwise keep reading that router's cells: the newest router takes the id over.
   */
  private void removeStale(String name, String tagKey, String tagValue) {
    Meter stale =
        tagKey == null
            ? registry.find(name).meter()
            : registry.find(name).tag(tagKey, tagValue).meter();
    if (stale != null) {
      registry.remove(stale);
    }
  }

  /** Registers a router-level meter built elsewhere (the ring gauge) for removal on close. */
  Meter own(Meter meter) {
    meters.add(meter);
    return meter;
  }

  /** Removes every meter this router registered. */
  void close() {
    for (Meter meter : meters) {
      registry.remove(meter);
    }
    meters.clear();
  }

  static String typeTag(int index) {
    return index == UNKNOWN_TYPE
        ? "unknown"
        : FrameType.values()[index].name().toLowerCase(Locale.ROOT);
  }

  static String verdictTag(FrameVerdict verdict) {
    String name = verdict.name().toLowerCase(Locale.ROOT);
    return name.startsWith("dropped_") ? name.substring("dropped_".length()) : name;
  }

  /** Null for a router without meters (the simulator's). */
  MeterRegistry registry() {
    return registry;
  }

  /** Router thread only. */
  void frameIn(int typeCode, int length) {
    int i = typeCode >= 0 && typeCode < UNKNOWN_TYPE ? typeCode : UNKNOWN_TYPE;
    framesIn.lazySet(i, framesIn.get(i) + 1);
    bytes.lazySet(0, bytes.get(0) + length);
  }

  /** Router thread only. */
  void frameOut(int typeCode, int length) {
    int i = typeCode >= 0 && typeCode < UNKNOWN_TYPE ? typeCode : UNKNOWN_TYPE;
    framesOut.lazySet(i, framesOut.get(i) + 1);
    bytes.lazySet(1, bytes.get(1) + length);
  }

  /** Any thread. */
  void drop(DropReason reason) {
    drops.incrementAndGet(reason.ordinal());
  }

  /** Any thread. */
  void drop(DropReason reason, int count) {
    if (count > 0) {
      drops.addAndGet(reason.ordinal(), count);
    }
  }

  /** A frame the SNEK core dropped or rejected. */
  void verdict(FrameVerdict verdict) {
    if (verdict.dropped() || verdict.disconnect()) {
      drops.incrementAndGet(VERDICT_BASE + verdict.ordinal());
    }
  }

  void listenerError() {
    listenerErrors.incrementAndGet(0);
  }

  long listenerErrorCount() {
    return listenerErrors.get(0);
  }

  long dropCount(DropReason reason) {
    return drops.get(reason.ordinal());
  }

  long dropCount(FrameVerdict verdict) {
    return drops.get(VERDICT_BASE + verdict.ordinal());
  }

  long framesInCount(int typeCode) {
    return framesIn.get(typeCode);
  }

  long framesOutCount(int typeCode) {
    return framesOut.get(typeCode);
  }
}
