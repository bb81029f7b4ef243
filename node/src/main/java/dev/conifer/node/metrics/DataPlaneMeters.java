package dev.conifer.node.metrics;

import dev.conifer.session.Sessions;
import dev.conifer.transfer.BlobCounters;
import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.rendezvous.RendezvousCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Meters over the sessions' and the rendezvous service's own counters, read at scrape time (no
 * second count to keep in step): {@code conifer_session_*}, {@code conifer_blob_*} and {@code
 * conifer_rendezvous_*}.
 */
public final class DataPlaneMeters {
  private DataPlaneMeters() {}

  public static void bindSessions(MeterRegistry registry, Sessions sessions) {
    Gauge.builder("conifer.session.connections", sessions, Sessions::connectionCount)
        .description("QUIC connections open over the overlay, both directions")
        .register(registry);
    FunctionCounter.builder(
            "conifer.session.refused.certificates", sessions, Sessions::refusedCertificates)
        .description("peers refused for presenting a certificate for another key")
        .register(registry);
    FunctionCounter.builder("conifer.session.refused.streams", sessions, Sessions::refusedStreams)
        .description("inbound streams refused: no listener for the ALPN, unverified, or busy")
        .register(registry);
    FunctionCounter.builder("conifer.session.inbound.drops", sessions, Sessions::inboundDrops)
        .description("overlay datagrams dropped before QUIC saw them (queue full)")
        .register(registry);
  }

  public static void bindRendezvous(MeterRegistry registry, RendezvousCounters counters) {
    counter(registry, "conifer.rendezvous.published", counters.published, "records published");
    counter(
        registry,
        "conifer.rendezvous.records.stored",
        counters.recordsStored,
        "records stored for others");
    rejected(registry, "signature", counters.rejectedSignature);
    rejected(registry, "expiry", counters.rejectedExpiry);
    rejected(registry, "holder_cap", counters.rejectedHolderCap);
    rejected(registry, "full", counters.rejectedFull);
    rejected(registry, "misaddressed", counters.rejectedMisaddressed);
    rejected(registry, "malformed", counters.malformed);
    counter(
        registry, "conifer.rendezvous.queries.sent", counters.queriesSent, "holder queries sent");
    counter(
        registry,
        "conifer.rendezvous.queries.timed.out",
        counters.queriesTimedOut,
        "holder queries with no answer in time");
    counter(
        registry,
        "conifer.rendezvous.queries.answered",
        counters.queriesAnswered,
        "holder queries answered for others");
  }

  /** {@code conifer_blob_*}: the blob server's refusals and the fetcher's outcomes, by reason. */
  public static void bindBlobs(MeterRegistry registry, BlobCounters counters) {
    for (BlobsError error : BlobsError.values()) {
      String reason = error.name().toLowerCase(Locale.ROOT);
      FunctionCounter.builder(
              "conifer.blob.requests.refused", counters.refused(error), AtomicLong::get)
          .tag("reason", reason)
          .description("blob requests from peers this node refused, by reason")
          .register(registry);
      FunctionCounter.builder(
              "conifer.blob.fetches.failed", counters.fetchesFailed(error), AtomicLong::get)
          .tag("reason", reason)
          .description("blob fetches that stopped (resumable), by reason")
          .register(registry);
    }
    counter(
        registry,
        "conifer.blob.fetches.completed",
        counters.fetchesCompleted,
        "blob fetches that stored the whole blob, verified");
    counter(
        registry, "conifer.blob.served.bytes", counters.bytesServed, "blob bytes sent to peers");
    counter(
        registry,
        "conifer.blob.fetched.groups",
        counters.groupsFetched,
        "16 KiB groups fetched from holders and verified");
    FunctionCounter.builder(
            "conifer.blob.holder.failures", counters.holderVerificationFailures, AtomicLong::get)
        .tag("reason", "verification")
        .description("replies from holders that failed, by reason")
        .register(registry);
    FunctionCounter.builder(
            "conifer.blob.holder.failures", counters.holderTransportFailures, AtomicLong::get)
        .tag("reason", "transport")
        .description("replies from holders that failed, by reason")
        .register(registry);
  }

  private static void rejected(MeterRegistry registry, String reason, AtomicLong count) {
    FunctionCounter.builder("conifer.rendezvous.records.rejected", count, AtomicLong::get)
        .tag("reason", reason)
        .description("rendezvous records refused, by reason")
        .register(registry);
  }

  private static void counter(
      MeterRegistry registry, String name, AtomicLong count, String description) {
    FunctionCounter.builder(name, count, AtomicLong::get)
        .description(description)
        .register(registry);
  }
}
