package dev.conifer.session;

import dev.conifer.router.Router;
import dev.conifer.router.RouterConfig;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.transport.TransportClocks;
import dev.conifer.transport.TransportConfig;
import dev.conifer.transport.TransportLoops;
import dev.conifer.transport.Transports;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One session stream through 3 {@code conifer node --relay-only} relays in separate processes
 * (started by the {@code conifer} launcher with its defaults), against raw Netty QUIC over UDP on
 * 127.0.0.1 with the same TLS, windows and datagram size, interleaved in the same run. The two
 * session ends run in this JVM, joined to the first and last relay over TCP. Run by {@code
 * bench/sessions.sh} (docs/PERFORMANCE.md "Sessions").
 *
 * <p>Args: LAUNCHER WORKDIR [MiB per run, 128] [runs, 3] [datagram sizes, "1200,32768"].
 */
public final class ProcessRelaySessionBench {
  private static final String ALPN = "conifer-bench";
  private static final int RELAYS = 3;

  private ProcessRelaySessionBench() {}

  public static void main(String[] args) throws Exception {
    Path launcher = Path.of(args[0]);
    Path work = Files.createDirectories(Path.of(args[1]));
    long mib = args.length > 2 ? Long.parseLong(args[2]) : 128;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int[] sizes =
        Arrays.stream((args.length > 4 ? args[4] : "1200,32768").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    long bytes = mib << 20;
    System.out.printf(
        "one session stream, %d MiB per run, median of %d interleaved runs, %d cores%n",
        mib, runs, Runtime.getRuntime().availableProcessors());
    System.out.println(
        "raw UDP sockets: "
            + (SessionThroughputBench.RAW_EPOLL
                ? "epoll with GSO/GRO (bench.rawUdp=nio for NIO)"
                : "NIO, one datagram per call"));
    System.out.println(
        "| datagram | raw QUIC/UDP | via 3 conifer node processes | share of raw"
            + " | sender's packets, average size: raw / via relays |");
    System.out.println("|---|---|---|---|---|");
    try (RelayChainProcesses relays = new RelayChainProcesses(launcher, work, RELAYS)) {
      for (int datagram : sizes) {
        SessionConfig config = SessionConfig.defaults().withMaxDatagramSize(datagram);
        List<Double> raw = new ArrayList<>();
        List<Double> overlay = new ArrayList<>();
        SessionThroughputBench.Throughput lastRaw = null;
        SessionThroughputBench.Throughput lastOverlay = null;
        int failed = 0;
        for (int run = 1; run <= runs; run++) {
          lastRaw = SessionThroughputBench.rawUdpCounted(config, bytes);
          raw.add(lastRaw.mibPerSecond());
          // Fresh ends per run: a failed run (e.g. a peering timed out on a starved machine)
          // does not spoil the next one.
          try (Ends ends = new Ends(relays, config)) {
            lastOverlay = ends.push(bytes);
            overlay.add(lastOverlay.mibPerSecond());
          } catch (Exception e) {
            failed++;
            System.err.printf("  %d B run %d via relays FAILED: %s%n", datagram, run, e);
            continue;
          }
          System.err.printf(
              "  %d B run %d: raw %.1f MiB/s, via relays %.1f MiB/s%n",
              datagram, run, raw.get(raw.size() - 1), overlay.get(overlay.size() - 1));
        }
        double rawMedian = median(raw);
        double overlayMedian = overlay.isEmpty() ? 0 : median(overlay);
        System.out.printf(
            "| %,d B | %.1f MiB/s (%s) | %s | %s | %s / %s |%n",
            datagram,
            rawMedian,
            range(raw),
            overlay.isEmpty()
                ? "every run failed"
                : String.format("%.1f MiB/s (%s)", overlayMedian, range(overlay)),
            (overlay.isEmpty() ? "-" : String.format("%.0f%%", 100 * overlayMedian / rawMedian))
                + (failed > 0 ? ", " + failed + " of " + runs + " runs failed" : ""),
            packets(lastRaw),
            packets(lastOverlay));
      }
    }
  }

  /** The last run's sender packet count and average size, e.g. "3,640 of 1,197 B". */
  private static String packets(SessionThroughputBench.Throughput run) {
    return run == null
        ? "-"
        : String.format("%,d of %,d B, %d lost", run.packets(), run.averagePacket(), run.lost());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String range(List<Double> values) {
    return String.format(
        "%.1f–%.1f",
        values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
        values.stream().mapToDouble(Double::doubleValue).max().orElse(0));
  }

  /** The sender joined to relay 1 and the receiver joined to the last relay, with sessions. */
  private static final class Ends implements AutoCloseable {
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final Sessions sender;
    private final Sessions receiver;

    Ends(RelayChainProcesses relays, SessionConfig config) throws Exception {
      try {
        sender = join(relays.listen(1), config, 101);
        receiver = join(relays.listen(relays.size()), config, 102);
        receiver.listen(ALPN, SessionThroughputBench::count);
      } catch (Exception e) {
        close();
        throw e;
      }
    }

    private Sessions join(URI relay, SessionConfig config, int n) throws Exception {
      Signer signer = TestOverlay.signer(n);
      TransportConfig transport = TransportConfig.defaults();
      TransportLoops loops = TransportLoops.create(transport); // the daemon's threading
      owned.add(0, loops);
      Router router =
          Router.start(
              RouterConfig.defaults(),
              signer,
              System::nanoTime,
              System::currentTimeMillis,
              new SimpleMeterRegistry(),
              n,
              loops.routerExecutor());
      owned.add(0, router);
      Transports transports =
          new Transports(
              router,
              signer,
              transport,
              new TransportClocks(System::nanoTime, Clock.systemUTC()),
              loops);
      owned.add(0, transports);
      transports.connect(relay).get(15, TimeUnit.SECONDS);
      Sessions sessions =
          Sessions.start(router, signer, config, Clock.systemUTC(), new SecureRandom());
      owned.add(0, sessions);
      return sessions;
    }

    /** Dials (retrying while the route to the receiver forms) and pushes {@code bytes}. */
    SessionThroughputBench.Throughput push(long bytes) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        try {
          SessionStream stream = sender.dial(receiver.publicKey(), ALPN).get(30, TimeUnit.SECONDS);
          return SessionThroughputBench.pushCounted(stream, bytes);
        } catch (ExecutionException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          System.err.println("  dial failed (route forming?), retrying: " + e.getCause());
        }
      }
    }

    @Override
    public void close() {
      for (AutoCloseable c : owned) {
        try {
          c.close();
        } catch (Exception e) {
          System.err.println("close: " + e);
        }
      }
    }
  }
}
