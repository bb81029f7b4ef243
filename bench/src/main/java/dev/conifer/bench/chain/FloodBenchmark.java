package dev.conifer.bench.chain;

import dev.conifer.snek.wire.PublicKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fair input under floods (issue 22 item 5): a legitimate closed-loop flow (window 1 by default, as
 * {@code conifer ping}) from this JVM through one {@code conifer node} relay to an echo node,
 * measured without a flood and while {@code --flooders} hostile peers ({@link Flooder}, their own
 * JVM) flood that relay with valid keepalives, and then with their tree announcement sent again
 * unchanged. The cells alternate in one run; the report gives the flow's rate and RTT p99 in each
 * and the share of the quiet rate it keeps (target: at least 50%).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.conifer.bench.chain.FloodBenchmark \
 *     [--conifer-jar node/target/conifer.jar] [--flooders 8] [--window 1] [--runs 3] \
 *     [--warmup-ms 1000] [--measure-ms 5000] [--kinds keepalive,announcement] \
 *     [--jvm-flags "-Dio.netty.allocator.lowMemory=false"] [--out bench/target/flood]
 * </pre>
 */
public final class FloodBenchmark {
  private FloodBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path coniferJar = Path.of("node/target/conifer.jar");
    Path out = Path.of("bench/target/flood");
    int flooders = 8;
    int window = 1;
    int runs = 3;
    long warmupMs = 1_000;
    long measureMs = 5_000;
    List<String> kinds = List.of("keepalive", "announcement");
    List<String> jvmFlags = List.of();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--conifer-jar" -> coniferJar = Path.of(v);
        case "--out" -> out = Path.of(v);
        case "--flooders" -> flooders = bounded(args[i], v, 1, 64);
        case "--window" -> window = bounded(args[i], v, 1, 256);
        case "--runs" -> runs = bounded(args[i], v, 1, 20);
        case "--warmup-ms" -> warmupMs = bounded(args[i], v, 0, 60_000);
        case "--measure-ms" -> measureMs = bounded(args[i], v, 500, 120_000);
        case "--kinds" -> kinds = List.of(v.split(","));
        case "--jvm-flags" -> jvmFlags = Arrays.asList(v.trim().split("\\s+"));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    for (String kind : kinds) {
      if (!kind.equals("keepalive") && !kind.equals("announcement")) {
        throw new IllegalArgumentException("--kinds: keepalive and/or announcement, not " + kind);
      }
    }
    Files.createDirectories(out);
    Path work = Files.createTempDirectory("conifer-flood-");
    StringBuilder rows = new StringBuilder();
    List<double[]> quiet = new ArrayList<>();
    try (ChildProcesses children = new ChildProcesses(out)) {
      ChainLauncher launcher = new ChainLauncher(children, jvmFlags, work);
      ChainLauncher.RunningChain chain = launcher.startConifer(coniferJar, 1, null, "any", 1);
      ClosedLoopLoad load = new ClosedLoopLoad();
      try (ConiferEndpoint client =
          ConiferEndpoint.connect(chain.entry(), PublicKey.fromHex(chain.echoKey()), load, 1)) {
        if (!load.awaitPath(60_000)) {
          throw new IllegalStateException("no echo through the relay (no route?)");
        }
        System.out.println("warm-up 8000 ms");
        load.run(1024, 64, 8_000, 100);
        for (int run = 1; run <= runs; run++) {
          CellResult calm = load.run(1024, window, warmupMs, measureMs);
          quiet.add(new double[] {calm.packetsPerSecond(), calm.rttP99Ms()});
          rows.append(row(run, "none", calm, calm, "-"));
          for (String kind : kinds) {
            ChildProcesses.Child flood =
                launcher.startFlooder(chain.relayListen().get(0), flooders, kind, run);
            CellResult flooded = load.run(1024, window, warmupMs, measureMs);
            String rate = flood.latestLine("written");
            children.stop(flood);
            rows.append(row(run, flooders + " × " + kind, flooded, calm, rate));
          }
        }
      }
    }
    String md =
        String.format(
                Locale.ROOT,
                "Legitimate flow: 1 KiB, window %d, through one relay; %d flooders; %d ms cells%n%n",
                window,
                flooders,
                measureMs)
            + "| run | flood | legit packets/s | kept (÷ same run's calm cell) | RTT p50 ms |"
            + " RTT p99 ms | lost | flood frames written/s |\n"
            + "|---|---|---|---|---|---|---|---|\n"
            + rows;
    Files.writeString(out.resolve("flood-results.md"), md);
    System.out.println();
    System.out.println(md);
    System.out.println("written: " + out.resolve("flood-results.md"));
  }

  private static String row(int run, String flood, CellResult cell, CellResult calm, String rate) {
    String line =
        String.format(
            Locale.ROOT,
            "| %d | %s | %,.0f | %.1f%% | %.3f | %.3f | %d | %s |%n",
            run,
            flood,
            cell.packetsPerSecond(),
            100 * cell.packetsPerSecond() / Math.max(1e-9, calm.packetsPerSecond()),
            cell.rttP50Ms(),
            cell.rttP99Ms(),
            cell.lost(),
            rate == null ? "-" : rate);
    System.out.print(line);
    return line;
  }

  private static int bounded(String name, String value, int min, int max) {
    int v = Integer.parseInt(value);
    if (v < min || v > max) {
      throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ": " + v);
    }
    return v;
  }
}
