package dev.conifer.router;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-peer meters, tagged by port (bounded by {@code portCountMax}) and removed when the peer goes,
 * so the registry does not grow with churn. Counts are single-writer cells (router thread).
 */
final class PeerMeters {
  private static final int BYTES_IN = 0;
  private static final int BYTES_OUT = 1;
  private static final int QUEUED_FRAMES = 2;

  private final MeterRegistry registry;
  private final AtomicLongArray cells = new AtomicLongArray(3);
  private final List<Meter> meters;

  PeerMeters(MeterRegistry registry, int port) {
    this.registry = registry;
    if (registry == null) {
      this.meters = List.of(); // a router without meters keeps the cells only
      return;
    }
    String tag = Integer.toString(port);
    this.meters =
        List.of(
            FunctionCounter.builder("conifer.peer.bytes.in", cells, a -> a.get(BYTES_IN))
                .tag("port", tag)
                .description("frame bytes received from this peer")
                .register(registry),
            FunctionCounter.builder("conifer.peer.bytes.out", cells, a -> a.get(BYTES_OUT))
                .tag("port", tag)
                .description("frame bytes written to this peer")
                .register(registry),
            Gauge.builder("conifer.peer.queue.frames", cells, a -> a.get(QUEUED_FRAMES))
                .tag("port", tag)
                .description("frames queued to this peer")
                .register(registry));
  }

  void bytesIn(int length) {
    cells.lazySet(BYTES_IN, cells.get(BYTES_IN) + length);
  }

  void bytesOut(int length) {
    cells.lazySet(BYTES_OUT, cells.get(BYTES_OUT) + length);
  }

  void queuedFrames(int count) {
    cells.lazySet(QUEUED_FRAMES, count);
  }

  long bytesInCount() {
    return cells.get(BYTES_IN);
  }

  long bytesOutCount() {
    return cells.get(BYTES_OUT);
  }

  void remove() {
    for (Meter meter : meters) {
      registry.remove(meter);
    }
  }
}
