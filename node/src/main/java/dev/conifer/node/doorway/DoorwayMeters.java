package dev.conifer.node.doorway;

import dev.conifer.transfer.fetch.StreamCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The doorway's metrics: {@code conifer_doorway_requests_total{status}} for every response sent,
 * {@code conifer_doorway_refused_total{reason}} for every request or connection refused before a
 * response could be produced normally, and the streaming counters.
 */
final class DoorwayMeters {
  /** Why something was refused; each is one {@code reason} tag. */
  enum Refusal {
    BUSY, // 503: every worker busy and the queue full
    RATE, // 429: the client's rate limit
    HEADER_TOO_LARGE, // 431
    LINE_TOO_LONG, // 414
    MALFORMED, // 400: not HTTP, or a bad path or hash
    TOO_LARGE, // 403: the blob is larger than the doorway serves
    BODY, // 413: a request with content
    TIMEOUT, // no complete request head in time (slow or idle client)
    CONNECTIONS, // connection limit reached
    PIPELINED, // too many pipelined requests on one connection
    ABORTED; // the client went away mid-response (or the write stalled)

    String tag() {
      return name().toLowerCase();
    }
  }

  private final MeterRegistry registry;
  final AtomicInteger connections = new AtomicInteger();
  final Counter bytesSent;

  DoorwayMeters(MeterRegistry registry, ThreadPoolExecutor workers, StreamCounters streaming) {
    this.registry = registry;
    bytesSent =
        Counter.builder("conifer.doorway.sent.bytes")
            .description("Body bytes the doorway sent to browsers")
            .register(registry);
    Gauge.builder("conifer.doorway.connections", connections, AtomicInteger::get)
        .description("Open doorway connections")
        .register(registry);
    Gauge.builder("conifer.doorway.active", workers, ThreadPoolExecutor::getActiveCount)
        .description("Doorway responses being produced")
        .register(registry);
    Gauge.builder("conifer.doorway.queued", workers, w -> w.getQueue().size())
        .description("Doorway requests waiting for a worker")
        .register(registry);
    function(registry, "conifer.doorway.holder.groups", streaming, "Groups streamed from holders")
        .accept(s -> s.groupsStreamed.get());
    function(registry, "conifer.doorway.holder.failures", streaming, "Holder reads that failed")
        .accept(s -> s.holderFailures.get());
    function(registry, "conifer.doorway.cancelled", streaming, "Holder reads cancelled by a client")
        .accept(s -> s.cancelled.get());
    function(registry, "conifer.doorway.probes", streaming, "Size probes sent to holders")
        .accept(s -> s.probes.get());
    for (Refusal r : Refusal.values()) {
      refusedCounter(r); // present from the start, so a scrape shows zeros
    }
  }

  private static java.util.function.Consumer<java.util.function.ToDoubleFunction<StreamCounters>>
      function(MeterRegistry registry, String name, StreamCounters s, String description) {
    return f -> FunctionCounter.builder(name, s, f).description(description).register(registry);
  }

  void response(int status) {
    Counter.builder("conifer.doorway.requests")
        .description("Doorway responses by status")
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
  }

  void refused(Refusal reason) {
    refusedCounter(reason).increment();
  }

  private Counter refusedCounter(Refusal reason) {
    return Counter.builder("conifer.doorway.refused")
        .description("Doorway requests and connections refused, by reason")
        .tag("reason", reason.tag())
        .register(registry);
  }
}
