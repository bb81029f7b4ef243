package dev.conifer.transport.multicast;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/** What discovery did, as plain counters; Micrometer reads them at scrape time. */
public final class MulticastCounters {
  private final LongAdder beaconsSent = new LongAdder();
  private final LongAdder beaconsReceived = new LongAdder();
  private final LongAdder sendErrors = new LongAdder();
  private final LongAdder foreign = new LongAdder();
  private final LongAdder[] malformed = adders(Beacon.Reject.values().length);
  private final LongAdder[] decisions = adders(DialPolicy.Decision.values().length);
  private final LongAdder dialsFailed = new LongAdder();

  private static LongAdder[] adders(int count) {
    LongAdder[] adders = new LongAdder[count];
    for (int i = 0; i < count; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }

  void beaconSent() {
    beaconsSent.increment();
  }

  void beaconReceived() {
    beaconsReceived.increment();
  }

  void sendError() {
    sendErrors.increment();
  }

  void countForeign() {
    foreign.increment();
  }

  void countMalformed(Beacon.Reject reject) {
    malformed[reject.ordinal()].increment();
  }

  void decided(DialPolicy.Decision decision) {
    decisions[decision.ordinal()].increment();
  }

  void dialFailed() {
    dialsFailed.increment();
  }

  public long beaconsSent() {
    return beaconsSent.sum();
  }

  /** Well-formed beacons received, our own included. */
  public long beaconsReceived() {
    return beaconsReceived.sum();
  }

  public long malformed(Beacon.Reject reject) {
    return malformed[reject.ordinal()].sum();
  }

  public long malformedTotal() {
    long sum = 0;
    for (LongAdder adder : malformed) {
      sum += adder.sum();
    }
    return sum;
  }

  /** Datagrams from an interface discovery is not enabled on. */
  public long foreign() {
    return foreign.sum();
  }

  public long decisions(DialPolicy.Decision decision) {
    return decisions[decision.ordinal()].sum();
  }

  public long dialsFailed() {
    return dialsFailed.sum();
  }

  public long sendErrors() {
    return sendErrors.sum();
  }

  public void bindTo(MeterRegistry registry) {
    counter(registry, "conifer.multicast.beacons.sent", beaconsSent);
    counter(registry, "conifer.multicast.beacons.received", beaconsReceived);
    counter(registry, "conifer.multicast.beacons.foreign", foreign);
    counter(registry, "conifer.multicast.send.errors", sendErrors);
    counter(registry, "conifer.multicast.dials.failed", dialsFailed);
    for (Beacon.Reject reject : Beacon.Reject.values()) {
      FunctionCounter.builder(
              "conifer.multicast.beacons.malformed", malformed[reject.ordinal()], LongAdder::sum)
          .tag("reason", reject.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    for (DialPolicy.Decision decision : DialPolicy.Decision.values()) {
      FunctionCounter.builder(
              "conifer.multicast.beacons.decided", decisions[decision.ordinal()], LongAdder::sum)
          .tag("decision", decision.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
  }

  private static void counter(MeterRegistry registry, String name, LongAdder adder) {
    FunctionCounter.builder(name, adder, LongAdder::sum).register(registry);
  }
}
