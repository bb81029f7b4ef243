package dev.conifer.node;

import dev.conifer.session.SessionStream;
import dev.conifer.snek.wire.PublicKey;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@link BlobsProcessBench}'s {@code -Dbench.quicStats=true} view of a phase: frames every node's
 * router dropped, and the holder's QUIC statistics of the connection the phase sent on.
 */
final class BlobsBenchStats {
  private final ConiferNode fetcher;
  private final PublicKey holder;
  private final URI relayAdmin;

  BlobsBenchStats(ConiferNode fetcher, PublicKey holder, URI relayAdmin) {
    this.fetcher = fetcher;
    this.holder = holder;
    this.relayAdmin = relayAdmin;
  }

  /**
   * The holder's statistics, one line each: "source" and "blobs" (its side of each connection) and
   * "drops" (frames its router dropped, all reasons).
   */
  private java.util.Map<String, long[]> holderStats() throws Exception {
    SessionStream s =
        fetcher.sessions().dial(holder, BlobsBenchHolder.STATS).get(60, TimeUnit.SECONDS);
    s.outputStream().write(0); // a QUIC stream reaches the peer with its first byte
    s.outputStream().flush();
    String text = new String(s.inputStream().readAllBytes(), StandardCharsets.UTF_8);
    s.close();
    java.util.Map<String, long[]> stats = new java.util.HashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.strip().split(" ");
      stats.put(f[0], java.util.Arrays.stream(f).skip(1).mapToLong(Long::parseLong).toArray());
    }
    return stats;
  }

  /**
   * Runs {@code phase}; with -Dbench.quicStats=true also prints the drops of every node and the
   * holder's statistics of the {@code connection} it sent on.
   */
  double around(String name, String connection, Callable<Double> phase) throws Exception {
    if (!Boolean.getBoolean("bench.quicStats")) {
      return phase.call();
    }
    java.util.Map<String, long[]> holderBefore = holderStats();
    long inboundDrops = fetcher.sessions().inboundDrops();
    double routerDrops = routerDrops();
    double relayDrops = relayDrops();
    double rate = phase.call();
    java.util.Map<String, long[]> holderAfter = holderStats();
    long[] before = holderBefore.get(connection);
    long[] after = holderAfter.get(connection);
    System.out.printf(
        "  %s, routers' drops: holder %d, relay %.0f, this node %.0f (and %d datagrams before"
            + " QUIC)%n",
        name,
        holderAfter.get("drops")[0] - holderBefore.get("drops")[0],
        relayDrops() - relayDrops,
        routerDrops() - routerDrops,
        fetcher.sessions().inboundDrops() - inboundDrops);
    System.out.printf(
        "  %s, holder's QUIC: %d packets sent, %d lost (%d bytes), %d stream bytes resent;"
            + " then cwnd %d, rtt %d%n",
        name,
        after[0] - before[0],
        after[1] - before[1],
        after[2] - before[2],
        after[3] - before[3],
        after[4],
        after[5]);
    return rate;
  }

  /** Frames the relay's router dropped, all reasons, from its admin server's metrics. */
  private double relayDrops() throws IOException, InterruptedException {
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(relayAdmin.resolve("/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    return r.body()
        .lines()
        .filter(l -> l.startsWith("conifer_drops_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private double routerDrops() {
    return fetcher.registry().find("conifer.drops").functionCounters().stream()
        .mapToDouble(io.micrometer.core.instrument.FunctionCounter::count)
        .sum();
  }
}
