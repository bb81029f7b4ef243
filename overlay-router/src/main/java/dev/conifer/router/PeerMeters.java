package dev.conifer.router;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-peer meters, labelled by the peer's short key and the class of its link ({@code tcp}, {@code
 * ws}, {@code quic}, {@code bt}, {@code multicast}...), not by the port number, which is reused by
 * the next peer. Two links to one key of one class share the series; meters go when the last of
 * them does, so the registry does not grow with churn. Router thread only.
 */
final class PeerMeters {
  private static final int BYTES_IN = 0;
  private static final int BYTES_OUT = 1;
  private static final int QUEUED_FRAMES = 2;

  /** The series of one (key, class): shared by the links it counts. */
  static final class Series {
    private final AtomicLongArray cells = new AtomicLongArray(3);
    private final List<Meter> meters;
    private int links;

    private Series(MeterRegistry registry, String key, String uriClass) {
      if (registry == null) {
        meters = List.of(); // a router without meters keeps the cells only
        return;
      }
      meters =
          List.of(
              FunctionCounter.builder("conifer.peer.bytes.in", cells, a -> a.get(BYTES_IN))
                  .tags("key", key, "uri_class", uriClass)
                  .description("frame bytes received from this peer")
                  .register(registry),
              FunctionCounter.builder("conifer.peer.bytes.out", cells, a -> a.get(BYTES_OUT))
                  .tags("key", key, "uri_class", uriClass)
                  .description("frame bytes written to this peer")
                  .register(registry),
              Gauge.builder("conifer.peer.queue.frames", cells, a -> a.get(QUEUED_FRAMES))
                  .tags("key", key, "uri_class", uriClass)
                  .description("frames queued to this peer")
                  .register(registry));
    }
  }

  private final MeterRegistry registry;
  private final Map<List<String>, Series> all;
  private final List<String> id;
  private final Series series;
  private long queued;

  /** {@code all} is the router's table of live series. */
  PeerMeters(MeterRegistry registry, Map<List<String>, Series> all, PeerInfo info) {
    this.registry = registry;
    this.all = all;
    this.id = List.of(info.publicKey().shortHex(), uriClass(info));
    this.series = all.computeIfAbsent(id, k -> new Series(registry, k.get(0), k.get(1)));
    series.links++;
  }

  /** A new, empty table for {@link #PeerMeters}. */
  static Map<List<String>, Series> table() {
    return new HashMap<>();
  }

  /** The link's scheme ({@code tcp}, {@code ws}, {@code quic}, {@code bt}...) or peer type. */
  static String uriClass(PeerInfo info) {
    int schemeEnd = info.uri().indexOf("://");
    if (schemeEnd > 0) {
      return info.uri().substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    }
    if (info.zone().equals("websocket")) {
      return "ws";
    }
    return switch (info.type()) {
      case REMOTE -> "tcp";
      default -> info.type().name().toLowerCase(Locale.ROOT);
    };
  }

  void bytesIn(int length) {
    series.cells.lazySet(BYTES_IN, series.cells.get(BYTES_IN) + length);
  }

  void bytesOut(int length) {
    series.cells.lazySet(BYTES_OUT, series.cells.get(BYTES_OUT) + length);
  }

  void queuedFrames(int count) {
    series.cells.lazySet(QUEUED_FRAMES, series.cells.get(QUEUED_FRAMES) - queued + count);
    queued = count;
  }

  void remove() {
    queuedFrames(0);
    if (--series.links == 0) {
      all.remove(id);
      for (Meter meter : series.meters) {
        registry.remove(meter);
      }
    }
  }
}
