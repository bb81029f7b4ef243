package dev.conifer.bench.chain;

import dev.conifer.snek.wire.PublicKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The loopback chain benchmark (issue 9): K Conifer relays as separate JVMs between an in-process
 * client and an {@code --echo} node, against a chain of the same shape built from minimal Netty
 * byte relays, measured cell by cell in the same run. See {@code bench/chain.sh} and
 * docs/PERFORMANCE.md, "Forwarding chain". Loopback only; every child JVM is stopped at the end, on
 * failure, on Ctrl-C and at the time limit.
 */
public final class ChainBenchmark {
  private ChainBenchmark() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Exception | Error e) {
      System.err.println("chain benchmark failed: " + e);
      e.printStackTrace();
      System.exit(1); // shutdown hooks stop every child and delete the work directory
    }
    System.exit(0); // the in-process nodes' threads must not keep the JVM alive
  }

  private static void run(String[] args) throws Exception {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(ChainOptions.USAGE);
      return;
    }
    ChainOptions options;
    try {
      options = ChainOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(ChainOptions.USAGE);
      System.exit(2);
      return;
    }
    startTimeLimit(options.maxMinutes);
    Path out = Files.createDirectories(options.out);
    Path logs = Files.createDirectories(out.resolve("logs"));
    Path work = Files.createTempDirectory("conifer-chain-");
    // Node data directories and the private jar copies go on every exit, Ctrl-C included.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(work), "delete-work"));
    ChainReport report = new ChainReport();
    StringBuilder header = new StringBuilder();
    header.append(machineInfo(options));
    System.out.print(header);
    try (ChildProcesses children = new ChildProcesses(logs)) {
      ChainLauncher launcher = new ChainLauncher(children, options.jvmFlags, work);
      if (options.matrix) {
        runMatrix(options, launcher, children, report, out);
      }
      if (!options.idleFlagSets.isEmpty()) {
        IdleRelayMemory idle =
            new IdleRelayMemory(launcher, children, options.coniferJar, options.seed);
        report.addSection(idle.measure(options.idleFlagSets, options.idlePeers, options.idleMs));
      }
    }
    String markdown = header + "\n" + report.render(options.sizes, options.windows);
    Files.writeString(out.resolve("chain-results.md"), markdown);
    Files.writeString(out.resolve("chain-results.csv"), report.csv());
    System.out.println();
    System.out.println(markdown);
    System.out.println("written: " + out.resolve("chain-results.md") + ", chain-results.csv");
  }

  private static void runMatrix(
      ChainOptions options,
      ChainLauncher launcher,
      ChildProcesses children,
      ChainReport report,
      Path out)
      throws Exception {
    ChainLauncher.RunningChain baseline = launcher.startBaseline(options.relays);
    ChainLauncher.RunningChain conifer =
        launcher.startConifer(
            options.coniferJar,
            options.relays,
            options.jfr ? out : null,
            options.root,
            options.seed);
    System.out.println("baseline chain entry " + baseline.entry());
    System.out.println("conifer chain entry " + conifer.entry() + ", echo " + conifer.echoKey());
    ClosedLoopLoad baselineLoad = new ClosedLoopLoad();
    ClosedLoopLoad coniferLoad = new ClosedLoopLoad();
    URI entry = baseline.entry();
    try (BaselineEndpoint baselineEnd =
            BaselineEndpoint.connect(
                new InetSocketAddress(entry.getHost(), entry.getPort()), baselineLoad);
        ConiferEndpoint coniferEnd =
            ConiferEndpoint.connect(
                conifer.entry(), PublicKey.fromHex(conifer.echoKey()), coniferLoad, options.seed)) {
      require(baselineLoad.awaitPath(30_000), "no echo through the baseline chain");
      require(coniferLoad.awaitPath(60_000), "no echo through the conifer chain (no route?)");
      Compared compared = options.compareJar == null ? null : Compared.start(options, launcher);
      // Let the JIT finish with the hot paths of every JVM before the first measured cell.
      System.out.println("initial warm-up " + options.initialWarmupMs + " ms per chain");
      baselineLoad.run(1024, 64, options.initialWarmupMs, 100);
      coniferLoad.run(1024, 64, options.initialWarmupMs, 100);
      if (compared != null) {
        compared.load.run(1024, 64, options.initialWarmupMs, 100);
      }
      for (int run = 1; run <= options.runs; run++) {
        for (int size : options.sizes) {
          for (int window : options.windows) {
            measure(report, "baseline", baselineLoad, size, window, options, run);
            measure(report, "conifer", coniferLoad, size, window, options, run);
            if (compared != null) {
              measure(report, "compare", compared.load, size, window, options, run);
            }
          }
        }
      }
      List<RelayCost.Chain> costed = new ArrayList<>();
      costed.add(new RelayCost.Chain("baseline", baselineLoad, middlePid(baseline)));
      costed.add(new RelayCost.Chain("conifer", coniferLoad, middlePid(conifer)));
      if (compared != null) {
        costed.add(new RelayCost.Chain("compare", compared.load, middlePid(compared.chain)));
      }
      report.addSection(RelayCost.measure(options, out, costed));
      if (compared != null) {
        compared.endpoint.close();
      }
      StringBuilder rss = new StringBuilder("\nRSS after the load (VmRSS):\n\n");
      for (ChainLauncher.RunningChain chain : List.of(baseline, conifer)) {
        for (int i = 0; i < chain.relays().size(); i++) {
          rss.append(
              String.format(
                  Locale.ROOT,
                  "- %s relay %d: %.1f MiB%n",
                  chain.kind(),
                  i + 1,
                  ProcessStats.rssKib(chain.relays().get(i).pid()) / 1024.0));
        }
      }
      report.addSection(rss.toString());
      if (options.peers > 2) {
        ManyPeersProbe probe =
            new ManyPeersProbe(
                coniferLoad, coniferEnd.publicKey(), conifer, options, launcher, children);
        report.addSection(probe.measure());
      }
    }
    if (options.jfr) {
      for (ChildProcesses.Child relay : conifer.relays()) {
        children.stop(relay); // SIGTERM: the JVM writes its recording
      }
      System.out.println("JFR recordings: " + out + "/conifer-relay*.jfr");
    }
  }

  /** The second conifer chain of {@code --compare-jar}, with its own client. */
  private record Compared(
      ClosedLoopLoad load, ConiferEndpoint endpoint, ChainLauncher.RunningChain chain) {
    static Compared start(ChainOptions options, ChainLauncher launcher) throws Exception {
      ChainLauncher.RunningChain chain =
          launcher.startConifer(
              "compare",
              options.compareJar,
              options.relays,
              null,
              options.root,
              options.seed,
              options.compareFlags);
      System.out.println("compare chain entry " + chain.entry() + ", echo " + chain.echoKey());
      ClosedLoopLoad load = new ClosedLoopLoad();
      ConiferEndpoint endpoint =
          ConiferEndpoint.connect(
              chain.entry(), PublicKey.fromHex(chain.echoKey()), load, options.seed + 1);
      require(load.awaitPath(60_000), "no echo through the compare chain (no route?)");
      return new Compared(load, endpoint, chain);
    }
  }

  private static long middlePid(ChainLauncher.RunningChain chain) {
    return chain.relays().get(chain.relays().size() / 2).pid();
  }

  static void measure(
      ChainReport report,
      String chain,
      ClosedLoopLoad load,
      int size,
      int window,
      ChainOptions options,
      int run)
      throws InterruptedException {
    CellResult cell = load.run(size, window, options.warmupMs, options.measureMs);
    report.add(chain, cell);
    System.out.printf(
        Locale.ROOT,
        "run %d %-8s %5d B w%-3d %,10.0f pkt/s %8.1f MB/s p50 %.3f p99 %.3f max %.2f ms"
            + " lost %d stalls %d%n",
        run,
        chain,
        size,
        window,
        cell.packetsPerSecond(),
        cell.megabytesPerSecond(),
        cell.rttP50Ms(),
        cell.rttP99Ms(),
        cell.rttMaxMs(),
        cell.lost(),
        cell.stalls());
  }

  private static void deleteRecursively(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  private static void startTimeLimit(int maxMinutes) {
    Thread limit =
        new Thread(
            () -> {
              try {
                Thread.sleep(maxMinutes * 60_000L);
                System.err.println("time limit of " + maxMinutes + " min reached: stopping");
                System.exit(3); // the shutdown hook stops every child
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "time-limit");
    limit.setDaemon(true);
    limit.start();
  }

  private static String machineInfo(ChainOptions options) throws IOException {
    String cpu = "?";
    for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name")) {
        cpu = line.substring(line.indexOf(':') + 1).strip();
        break;
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add("# Forwarding chain benchmark, " + Instant.now());
    lines.add("");
    lines.add(
        "- machine: "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs ("
            + cpu
            + "), load average "
            + Files.readString(Path.of("/proc/loadavg")).strip());
    lines.add(
        "- java: "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + ", netty I/O "
            + (NettySetup.EPOLL ? "epoll" : "nio"));
    lines.add("- relay and echo JVM flags: `" + String.join(" ", options.jvmFlags) + "`");
    if (options.compareJar != null) {
      lines.add(
          "- compare chain: `"
              + options.compareJar.getFileName()
              + "`"
              + (options.compareFlags.isEmpty()
                  ? ""
                  : ", plus JVM flags `" + String.join(" ", options.compareFlags) + "`"));
    }
    lines.add(
        "- relays "
            + options.relays
            + ", runs "
            + options.runs
            + ", initial warm-up "
            + options.initialWarmupMs
            + " ms per chain, warm-up "
            + options.warmupMs
            + " ms, measured "
            + options.measureMs
            + " ms per cell, sizes "
            + Arrays.toString(options.sizes)
            + ", windows "
            + Arrays.toString(options.windows));
    return String.join("\n", lines) + "\n";
  }
}
