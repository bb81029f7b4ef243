package dev.conifer.bench.chain;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Forwarding rate of the middle relay with 2 peers, then with many: a {@link PeerFarm} JVM peers
 * idle nodes with the middle relay, the snake settles, and the same cell is measured again on the
 * same chain. The farm's own CPU is reported too, since it shares the machine.
 */
final class ManyPeersProbe {
  private static final long SETTLE_MAX_MS = 60_000;
  private static final int SIZE = 1024;
  private static final int WINDOW = 64;

  private final ClosedLoopLoad load;
  private final ChainLauncher.RunningChain chain;
  private final ChainOptions options;
  private final ChainLauncher launcher;
  private final ChildProcesses children;

  ManyPeersProbe(
      ClosedLoopLoad load,
      ChainLauncher.RunningChain chain,
      ChainOptions options,
      ChainLauncher launcher,
      ChildProcesses children) {
    this.launcher = launcher;
    this.children = children;
    this.load = load;
    this.chain = chain;
    this.options = options;
  }

  String measure() throws Exception {
    int middle = chain.relays().size() / 2;
    URI admin = chain.relayAdmin().get(middle);
    ChainReport report = new ChainReport();
    int[] before = ProcessStats.peersAndRoutes(admin);
    long pid = chain.relays().get(middle).pid();
    StringBuilder cpu = new StringBuilder();
    List<CellResult> two = measureCells(before[0] + " peers", pid, cpu, new long[1]);
    int present = before[0] < 0 ? 2 : before[0]; // the chain's two neighbours
    ChildProcesses.Child farm =
        launcher.startPeerFarm(
            chain.relayListen().get(middle), options.peers - present, options.seed * 1_000_003L);
    try {
      int[] after = settle(admin);
      System.out.printf("middle relay: %d peers, %d snake routes%n", after[0], after[1]);
      Map<String, long[]> farmBefore = ThreadCpu.snapshot(farm.pid());
      long[] messages = new long[1];
      List<CellResult> many = measureCells(after[0] + " peers", pid, cpu, messages);
      cpu.append(
          ThreadCpu.rows(
              "peer farm JVM (the extra peers)",
              farmBefore,
              ThreadCpu.snapshot(farm.pid()),
              Math.max(1, messages[0])));
      double twoPps = ChainReport.median(two, CellResult::packetsPerSecond);
      double manyPps = ChainReport.median(many, CellResult::packetsPerSecond);
      return String.format(
          Locale.ROOT,
          "%nMiddle relay with many peers (1 KiB, window 64, conifer chain, medians of %d):%n%n"
              + "| middle relay | snake routes | packets/s | RTT p99 ms |%n|---|---|---|---|%n"
              + "| %d peers | %d | %,.0f | %.3f |%n| %d peers | %d | %,.0f | %.3f |%n%n"
              + "- many-peer rate / 2-peer rate = %.1f%% (target >= 80%% with 64 peers and 10,000"
              + " routes; routes reached here: %d)%n%n"
              + "Middle relay CPU per echoed message over those cells:%n%n"
              + "| state | thread | CPU µs / message | voluntary switches / message |"
              + " involuntary switches / message |%n|---|---|---|---|---|%n%s",
          options.runs,
          before[0],
          before[1],
          twoPps,
          ChainReport.median(two, CellResult::rttP99Ms),
          after[0],
          after[1],
          manyPps,
          ChainReport.median(many, CellResult::rttP99Ms),
          manyPps / twoPps * 100,
          after[1],
          cpu);
    } finally {
      children.stop(farm);
    }
  }

  private List<CellResult> measureCells(
      String label, long pid, StringBuilder cpu, long[] messagesOut) throws InterruptedException {
    List<CellResult> cells = new ArrayList<>();
    long messages = 0;
    Map<String, long[]> before = ThreadCpu.snapshot(pid);
    for (int run = 1; run <= options.runs; run++) {
      CellResult cell = load.run(SIZE, WINDOW, options.warmupMs, options.measureMs);
      messages += load.receivedInCell();
      cells.add(cell);
      print(label, cell);
    }
    cpu.append(ThreadCpu.rows(label, before, ThreadCpu.snapshot(pid), Math.max(1, messages)));
    messagesOut[0] = messages;
    return cells;
  }

  /** Waits until the peer count is reached and the route count holds still for 3 s. */
  private int[] settle(URI admin) throws InterruptedException {
    long deadline = System.currentTimeMillis() + SETTLE_MAX_MS;
    int[] last = ProcessStats.peersAndRoutes(admin);
    int still = 0;
    while (System.currentTimeMillis() < deadline && still < 3) {
      Thread.sleep(1000);
      int[] now = ProcessStats.peersAndRoutes(admin);
      still = now[1] == last[1] && now[0] >= options.peers ? still + 1 : 0;
      last = now;
    }
    return last;
  }

  private static void print(String label, CellResult cell) {
    System.out.printf(
        Locale.ROOT,
        "%-9s %5d B w%-3d %,10.0f pkt/s p99 %.3f ms lost %d%n",
        label,
        cell.payloadLength(),
        cell.window(),
        cell.packetsPerSecond(),
        cell.rttP99Ms(),
        cell.lost());
  }
}
