package dev.conifer.bench.chain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RSS of an idle relay with N peers, per JVM flag set: one conifer node JVM with the flags, N
 * in-process peers attached to it, then VmRSS is sampled once a second for the idle period.
 */
final class IdleRelayMemory {
  private final ChainLauncher launcher;
  private final ChildProcesses children;
  private final Path coniferJar;
  private final long seed;

  IdleRelayMemory(ChainLauncher launcher, ChildProcesses children, Path coniferJar, long seed) {
    this.launcher = launcher;
    this.children = children;
    this.coniferJar = coniferJar;
    this.seed = seed;
  }

  String measure(List<List<String>> flagSets, int peers, long idleMs) throws Exception {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%nIdle relay with %d peers, VmRSS after %d s (max over the idle period):%n%n",
            peers,
            idleMs / 1000));
    out.append("| relay JVM flags | peers seen | RSS at end | RSS max | target <= 96 MB |\n");
    out.append("|---|---|---|---|---|\n");
    int index = 0;
    for (List<String> flags : flagSets) {
      index++;
      ChainLauncher.ConiferNodeProcess relay =
          launcher.startConiferNode(
              coniferJar, "idle-relay" + index, null, false, flags, List.of());
      List<ConiferEndpoint.Node> nodes = new ArrayList<>();
      try {
        for (int i = 0; i < peers; i++) {
          ConiferEndpoint.Node node = ConiferEndpoint.startNode(seed * 7_919L + index * 1000L + i);
          nodes.add(node);
          node.connect(relay.listen());
        }
        long maxKib = 0;
        long lastKib = 0;
        long end = System.currentTimeMillis() + idleMs;
        while (System.currentTimeMillis() < end) {
          Thread.sleep(1000);
          lastKib = ProcessStats.rssKib(relay.child().pid());
          maxKib = Math.max(maxKib, lastKib);
        }
        int seen = ProcessStats.peersAndRoutes(relay.admin())[0];
        double lastMb = lastKib * 1024 / 1e6;
        double maxMb = maxKib * 1024 / 1e6;
        String line =
            String.format(
                Locale.ROOT,
                "| `%s` | %d | %.1f MB (%.1f MiB) | %.1f MB | %s |%n",
                flags.isEmpty() ? "(none)" : String.join(" ", flags),
                seen,
                lastMb,
                lastKib / 1024.0,
                maxMb,
                maxMb <= 96 ? "MET" : "NOT MET");
        System.out.print(line);
        out.append(line);
      } finally {
        for (ConiferEndpoint.Node node : nodes) {
          node.close();
        }
        children.stop(relay.child());
      }
    }
    return out.toString();
  }
}
