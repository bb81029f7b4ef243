package dev.conifer.bench.chain;

import dev.conifer.snek.wire.PublicKey;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Forwarding rate of the middle relay with 2 peers, then with many (and, with {@code --routes}, a
 * large snake routing table), then with 2 again once the extra peers are gone: a {@link PeerFarm}
 * JVM peers with the middle relay, the relay's {@code /status} shows the peers and routes, and the
 * same cell is measured again on the same chain. The farm's own CPU is reported too, since it
 * shares the machine.
 */
final class ManyPeersProbe {
  private static final long SETTLE_MAX_MS = 90_000;
  private static final int SIZE = 1024;
  private static final int WINDOW = 64;
  private static final long IDLE_MS = 5_000;

  private final ClosedLoopLoad load;
  private final PublicKey client;
  private final ChainLauncher.RunningChain chain;
  private final ChainOptions options;
  private final ChainLauncher launcher;
  private final ChildProcesses children;

  ManyPeersProbe(
      ClosedLoopLoad load,
      PublicKey client,
      ChainLauncher.RunningChain chain,
      ChainOptions options,
      ChainLauncher launcher,
      ChildProcesses children) {
    this.load = load;
    this.client = client;
    this.launcher = launcher;
    this.children = children;
    this.chain = chain;
    this.options = options;
  }

  String measure() throws Exception {
    int middle = chain.relays().size() / 2;
    URI admin = chain.relayAdmin().get(middle);
    int[] before = ProcessStats.peersAndRoutes(admin);
    long pid = chain.relays().get(middle).pid();
    StringBuilder cpu = new StringBuilder();
    int[] routeRange = {Integer.MAX_VALUE, Integer.MIN_VALUE};
    List<CellResult> two = measureCells(before[0] + " peers", pid, cpu, new long[1], admin, null);
    double[] idleTwo = idleCost(pid, admin);
    int present = before[0] < 0 ? 2 : before[0]; // the chain's two neighbours
    PublicKey[] range = chainKeyRange();
    List<String> routesArgs =
        options.routes == 0
            ? List.of()
            : List.of(
                Integer.toString(options.routes),
                range[0].toHex(),
                range[1].toHex(),
                Integer.toString(presignedRounds()));
    ChildProcesses.Child farm =
        launcher.startPeerFarm(
            chain.relayListen().get(middle),
            options.peers - present,
            options.seed * 1_000_003L,
            routesArgs);
    int[] after;
    List<CellResult> many;
    Map<String, Double> metricsBefore;
    Map<String, Double> metricsAfter;
    long cellsNs;
    double[] idleMany;
    try {
      after = settle(admin);
      System.out.printf("middle relay: %d peers, %d snake routes%n", after[0], after[1]);
      idleMany = idleCost(pid, admin);
      // The relay has new hot paths now (bootstrap checks, many links): let the JIT settle, as the
      // chain did before its first cell.
      load.run(SIZE, WINDOW, options.initialWarmupMs, 100);
      Map<String, long[]> farmBefore = ThreadCpu.snapshot(farm.pid());
      long[] messages = new long[1];
      metricsBefore = ProcessStats.metrics(admin);
      long t0 = System.nanoTime();
      many = measureCells(after[0] + " peers", pid, cpu, messages, admin, routeRange);
      cellsNs = System.nanoTime() - t0;
      metricsAfter = ProcessStats.metrics(admin);
      cpu.append(
          ThreadCpu.rows(
              "peer farm JVM (the extra peers)",
              farmBefore,
              ThreadCpu.snapshot(farm.pid()),
              Math.max(1, messages[0])));
    } finally {
      children.stop(farm);
    }
    int[] gone = awaitRoutesBelow(admin, before[1] + 16);
    List<CellResult> again =
        measureCells(gone[0] + " peers again", pid, cpu, new long[1], admin, null);
    double twoPps = ChainReport.median(two, CellResult::packetsPerSecond);
    double manyPps = ChainReport.median(many, CellResult::packetsPerSecond);
    double againPps = ChainReport.median(again, CellResult::packetsPerSecond);
    // The machine's load drifts; the 2-peer cells on both sides of the many-peer ones bracket it.
    List<CellResult> pooled = new ArrayList<>(two);
    pooled.addAll(again);
    return String.format(
            Locale.ROOT,
            "%nMiddle relay with many peers (1 KiB, window 64, conifer chain, medians of %d):%n%n"
                + "| middle relay | snake routes (/status) | packets/s | RTT p99 ms |%n"
                + "|---|---|---|---|%n"
                + "| %d peers | %d | %,.0f | %.3f |%n"
                + "| %d peers | %d settled; %d..%d after the cells | %,.0f | %.3f |%n"
                + "| %d peers again (extra peers gone) | %d | %,.0f | %.3f |%n%n"
                + "- many-peer rate / 2-peer rate = %.1f%% of the before and after cells pooled"
                + " (%.1f%% of before, %.1f%% of after; target >= 80%% with 64 peers and 10,000"
                + " routes; routes reached here: %d)%n",
            options.runs,
            before[0],
            before[1],
            twoPps,
            ChainReport.median(two, CellResult::rttP99Ms),
            after[0],
            after[1],
            routeRange[0],
            routeRange[1],
            manyPps,
            ChainReport.median(many, CellResult::rttP99Ms),
            gone[0],
            gone[1],
            againPps,
            ChainReport.median(again, CellResult::rttP99Ms),
            manyPps / ChainReport.median(pooled, CellResult::packetsPerSecond) * 100,
            manyPps / twoPps * 100,
            manyPps / againPps * 100,
            after[1])
        + String.format(
            Locale.ROOT,
            "- relay CPU with no traffic (all threads, %d s): %d peers %.1f ms/s;"
                + " %d peers %.1f ms/s with %,.0f bootstraps/s in"
                + " (%.0f µs per bootstrap received, if they are the difference)%n",
            IDLE_MS / 1000,
            before[0],
            idleTwo[0],
            after[0],
            idleMany[0],
            idleMany[1],
            idleMany[1] >= 100 ? (idleMany[0] - idleTwo[0]) * 1000 / idleMany[1] : Double.NaN)
        + routing(admin, range)
        + protocolLoad(metricsBefore, metricsAfter, cellsNs)
        + String.format(
            Locale.ROOT,
            "%nMiddle relay CPU per echoed message over those cells:%n%n"
                + "| state | thread | CPU µs / message | voluntary switches / message |"
                + " involuntary switches / message |%n|---|---|---|---|---|%n%s",
            cpu);
  }

  /** {CPU ms per second over all the relay's threads, bootstraps received per second}, no load. */
  private static double[] idleCost(long pid, URI admin) throws InterruptedException {
    Map<String, long[]> cpu0 = ThreadCpu.snapshot(pid);
    double in0 = bootstrapsIn(ProcessStats.metrics(admin));
    long t0 = System.nanoTime();
    Thread.sleep(IDLE_MS);
    Map<String, long[]> cpu1 = ThreadCpu.snapshot(pid);
    double in1 = bootstrapsIn(ProcessStats.metrics(admin));
    double seconds = (System.nanoTime() - t0) / 1e9;
    long ticks = 0;
    for (Map.Entry<String, long[]> e : cpu1.entrySet()) {
      ticks += e.getValue()[0] - cpu0.getOrDefault(e.getKey(), new long[3])[0];
    }
    return new double[] {ticks * 10.0 / seconds, (in1 - in0) / seconds}; // a tick is 10 ms
  }

  private static double bootstrapsIn(Map<String, Double> metrics) {
    double sum = 0;
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      if (e.getKey().startsWith("conifer_frames_in_total")
          && e.getKey().contains("\"bootstrap\"")) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  /** Bootstrap rounds (5 s) that cover the settling, the warm-up and the many-peer cells. */
  private int presignedRounds() {
    long cellMs = options.warmupMs + options.measureMs + 3_000; // + the load's drain
    long ms = 20_000 + IDLE_MS + options.initialWarmupMs + options.runs * cellMs;
    return (int) Math.min(100, ms / 5_000 + 1);
  }

  /** The lowest and highest key of the chain: every relay's own, root and peer keys, the echo's. */
  private PublicKey[] chainKeyRange() {
    List<String> keys = new ArrayList<>();
    for (URI relayAdmin : chain.relayAdmin()) {
      keys.addAll(ProcessStats.statusKeys(relayAdmin));
    }
    keys.add(chain.echoKey());
    keys.add(client.toHex());
    PublicKey low = null;
    PublicKey high = null;
    for (String hex : keys) {
      PublicKey key = PublicKey.fromHex(hex);
      low = low == null || key.compareTo(low) < 0 ? key : low;
      high = high == null || key.compareTo(high) > 0 ? key : high;
    }
    return new PublicKey[] {low, high};
  }

  /**
   * How the cells' frames are routed at the relay (PROTOCOL.md §8.2): a frame to the root carries
   * no coordinates (the root's are empty, and never cached), so it takes a SNEK lookup at every
   * hop; otherwise both ends send tree-routed frames once they have each other's coordinates, which
   * they learnt from the flow's first frames at chain start and keep refreshing.
   */
  private String routing(URI admin, PublicKey[] range) {
    List<String> keys = ProcessStats.statusKeys(admin);
    String root = keys.size() > 1 ? keys.get(1) : "?";
    String mode;
    if (root.equals(chain.echoKey())) {
      mode =
          "the echo node is the root: every client → echo frame goes SNEK-routed (a lookup over"
              + " the snake table at every relay), echo → client frames are tree-routed";
    } else if (root.equals(client.toHex())) {
      mode =
          "the client is the root: every echo → client frame goes SNEK-routed (a lookup over the"
              + " snake table at every relay), client → echo frames are tree-routed";
    } else {
      mode =
          "neither end is the root: both directions are tree-routed once the ends have cached each"
              + " other's coordinates, so only a flow's first frames take a SNEK lookup at the relay"
              + " (at chain start, before these cells)";
    }
    return String.format(
        Locale.ROOT,
        "- routing of the cells' frames: %s (root %s, echo %s, client %s)%n"
            + "- with --routes, the extra keys (peers' and virtual) lie outside the chain's key"
            + " range %s..%s%n",
        mode,
        shortHex(root),
        shortHex(chain.echoKey()),
        client.shortHex(),
        range[0].shortHex(),
        range[1].shortHex());
  }

  /** Bootstrap frames and drops at the relay over the many-peer cells, per second. */
  private static String protocolLoad(
      Map<String, Double> before, Map<String, Double> after, long ns) {
    StringBuilder out = new StringBuilder();
    double seconds = ns / 1e9;
    for (Map.Entry<String, Double> e : after.entrySet()) {
      String name = e.getKey();
      boolean bootstrap = name.startsWith("conifer_frames_") && name.contains("\"bootstrap\"");
      boolean drop = name.startsWith("conifer_drops");
      double delta = e.getValue() - before.getOrDefault(name, 0.0);
      if ((bootstrap || drop) && delta > 0) {
        out.append(String.format(Locale.ROOT, "- `%s`: %,.0f/s%n", name, delta / seconds));
      }
    }
    return out.isEmpty() ? "" : "- relay counters over the many-peer cells:\n" + out;
  }

  private static String shortHex(String hex) {
    return hex.length() >= 8 ? hex.substring(0, 8) : hex;
  }

  private List<CellResult> measureCells(
      String label, long pid, StringBuilder cpu, long[] messagesOut, URI admin, int[] routeRange)
      throws InterruptedException {
    List<CellResult> cells = new ArrayList<>();
    long messages = 0;
    Map<String, long[]> before = ThreadCpu.snapshot(pid);
    for (int run = 1; run <= options.runs; run++) {
      CellResult cell = load.run(SIZE, WINDOW, options.warmupMs, options.measureMs);
      messages += load.receivedInCell();
      cells.add(cell);
      print(label, cell);
      if (routeRange != null) {
        int routes = ProcessStats.peersAndRoutes(admin)[1];
        routeRange[0] = Math.min(routeRange[0], routes);
        routeRange[1] = Math.max(routeRange[1], routes);
      }
    }
    cpu.append(ThreadCpu.rows(label, before, ThreadCpu.snapshot(pid), Math.max(1, messages)));
    messagesOut[0] = messages;
    return cells;
  }

  /**
   * Waits until the peer count is reached, the route count is at least {@code --routes}, and it
   * holds still (within 1%) for 3 s.
   */
  private int[] settle(URI admin) throws InterruptedException {
    long deadline = System.currentTimeMillis() + SETTLE_MAX_MS;
    int[] last = ProcessStats.peersAndRoutes(admin);
    int still = 0;
    while (System.currentTimeMillis() < deadline && still < 3) {
      Thread.sleep(1000);
      int[] now = ProcessStats.peersAndRoutes(admin);
      boolean steady = Math.abs(now[1] - last[1]) <= Math.max(0, last[1] / 100);
      still = steady && now[0] >= options.peers && now[1] >= options.routes ? still + 1 : 0;
      last = now;
    }
    return last;
  }

  /** After the farm stops: its peers' routes go at once or expire within 10 s. */
  private static int[] awaitRoutesBelow(URI admin, int routes) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    int[] now = ProcessStats.peersAndRoutes(admin);
    while (System.currentTimeMillis() < deadline && (now[1] < 0 || now[1] > routes)) {
      Thread.sleep(500);
      now = ProcessStats.peersAndRoutes(admin);
    }
    return now;
  }

  private static void print(String label, CellResult cell) {
    System.out.printf(
        Locale.ROOT,
        "%-15s %5d B w%-3d %,10.0f pkt/s p99 %.3f ms lost %d%n",
        label,
        cell.payloadLength(),
        cell.window(),
        cell.packetsPerSecond(),
        cell.rttP99Ms(),
        cell.lost());
  }
}
