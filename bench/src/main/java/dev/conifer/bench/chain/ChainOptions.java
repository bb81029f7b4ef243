package dev.conifer.bench.chain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command-line options of {@link ChainBenchmark}; every value is bounded. */
final class ChainOptions {
  static final String USAGE =
      String.join(
          "\n",
          "usage: ChainBenchmark [options]",
          "  --conifer-jar PATH   node fat jar (default node/target/conifer.jar)",
          "  --compare-jar PATH   a second conifer chain from another jar (e.g. before a change),",
          "                       measured in the same cells, interleaved: chain \"compare\"",
          "  --compare-flags FLAGS  JVM flags added to the compare chain's relays and echo only;",
          "                       without --compare-jar it runs this build's jar (same code,",
          "                       other options, e.g. \"-Dio.netty.allocator.type=pooled\")",
          "  --relays K           relays per chain, 1..8 (default 3)",
          "  --runs N             repetitions of the matrix, 1..20 (default 3)",
          "  --sizes LIST         payload bytes (default 64,1024,8192)",
          "  --windows LIST       messages in flight (default 1,16,64)",
          "  --initial-warmup-ms MS  per chain, before the first cell (default 8000)",
          "  --warmup-ms MS       per cell (default 1000)",
          "  --measure-ms MS      per cell (default 2000)",
          "  --jvm-flags FLAGS    flags for every relay and echo JVM, both chains (default none)",
          "  --peers N            also measure the middle conifer relay with N peers (0 = skip)",
          "  --routes N           with --peers: the extra peers keep N snake routes alive in the",
          "                       middle relay with signed bootstraps of N virtual keys (default 0:",
          "                       the extra peers are idle Conifer nodes instead)",
          "  --root WHO           any (default: random keys), echo or middle (that node gets the",
          "                       highest key, so it is the tree's root)",
          "  --idle-flags SETS    idle-relay RSS per ';'-separated flag set (default skip)",
          "  --idle-peers N       peers of the idle relay (default 10)",
          "  --idle-ms MS         how long the idle relay runs before RSS is read (default 15000)",
          "  --no-matrix          skip the chain matrix (e.g. only --idle-flags)",
          "  --jfr                record a JFR profile on every conifer relay",
          "  --cost-rounds N      relay cost cells (CPU, allocation per message) per chain,",
          "                       interleaved, 1..20 (default 1)",
          "  --cost-window W      messages in flight in the cost cells (default 64; 1 measures",
          "                       the per-message work of a latency-bound flow)",
          "  --perf               a perf profile of every chain's middle relay in the first cost",
          "                       cell (needs perf and jcmd on PATH)",
          "  --out DIR            results and logs (default bench/target/chain)",
          "  --seed N             client key seed (default 1)",
          "  --max-minutes M      hard time limit, 1..60 (default 20)");

  /** Virtual keys per extra peer: 250 per 5 s is 50 bootstraps/s, under the relay's 64. */
  static final int ROUTES_PER_PEER_MAX = 250;

  Path coniferJar = Path.of("node/target/conifer.jar");
  Path compareJar; // null: no second conifer chain
  List<String> compareFlags = List.of(); // added to the compare chain's JVMs only
  int relays = 3;
  int runs = 3;
  int[] sizes = {64, 1024, 8192};
  int[] windows = {1, 16, 64};
  long initialWarmupMs = 8000;
  long warmupMs = 1000;
  long measureMs = 2000;
  List<String> jvmFlags = List.of();
  int peers;
  int routes;
  String root = "any";
  List<List<String>> idleFlagSets = List.of();
  int idlePeers = 10;
  long idleMs = 15_000;
  boolean matrix = true;
  boolean jfr;
  int costRounds = 1;
  int costWindow = 64;
  boolean perf;
  Path out = Path.of("bench/target/chain");
  long seed = 1;
  int maxMinutes = 20;

  static ChainOptions parse(String[] args) {
    ChainOptions o = new ChainOptions();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      switch (name) {
        case "--no-matrix" -> o.matrix = false;
        case "--jfr" -> o.jfr = true;
        case "--perf" -> o.perf = true;
        default -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("unknown option or missing value: " + name);
          }
          String v = args[++i];
          switch (name) {
            case "--conifer-jar" -> o.coniferJar = Path.of(v);
            case "--compare-jar" -> o.compareJar = Path.of(v);
            case "--compare-flags" -> o.compareFlags = words(v);
            case "--relays" -> o.relays = bounded(name, v, 1, 8);
            case "--runs" -> o.runs = bounded(name, v, 1, 20);
            case "--sizes" -> o.sizes = list(name, v, MessageHeader.LENGTH, 60_000);
            case "--windows" -> o.windows = list(name, v, 1, 4096);
            case "--initial-warmup-ms" -> o.initialWarmupMs = bounded(name, v, 0, 120_000);
            case "--warmup-ms" -> o.warmupMs = bounded(name, v, 0, 60_000);
            case "--measure-ms" -> o.measureMs = bounded(name, v, 100, 120_000);
            case "--jvm-flags" -> o.jvmFlags = words(v);
            case "--peers" -> o.peers = bounded(name, v, 0, 200);
            case "--routes" -> o.routes = bounded(name, v, 0, 50_000);
            case "--root" -> o.root = oneOf(name, v, "any", "echo", "middle");
            case "--idle-flags" -> o.idleFlagSets = flagSets(v);
            case "--idle-peers" -> o.idlePeers = bounded(name, v, 0, 100);
            case "--idle-ms" -> o.idleMs = bounded(name, v, 1000, 300_000);
            case "--cost-rounds" -> o.costRounds = bounded(name, v, 1, 20);
            case "--cost-window" -> o.costWindow = bounded(name, v, 1, 1024);
            case "--out" -> o.out = Path.of(v);
            case "--seed" -> o.seed = Long.parseLong(v);
            case "--max-minutes" -> o.maxMinutes = bounded(name, v, 1, 60);
            default -> throw new IllegalArgumentException("unknown option: " + name);
          }
        }
      }
    }
    if (o.routes > 0 && o.routes > ROUTES_PER_PEER_MAX * (o.peers - 2)) {
      throw new IllegalArgumentException(
          "--routes "
              + o.routes
              + " needs --peers of at least "
              + (2 + (o.routes + ROUTES_PER_PEER_MAX - 1) / ROUTES_PER_PEER_MAX)
              + " (the relay takes at most 64 bootstraps per peer per second)");
    }
    if (o.compareJar == null && !o.compareFlags.isEmpty()) {
      o.compareJar = o.coniferJar;
    }
    if (o.compareJar != null && !o.compareJar.toFile().isFile()) {
      throw new IllegalArgumentException("no jar at --compare-jar " + o.compareJar);
    }
    if (o.matrix && !o.coniferJar.toFile().isFile()) {
      throw new IllegalArgumentException(
          "no conifer jar at " + o.coniferJar + " (mvn -o -q -B -DskipTests package -pl node)");
    }
    return o;
  }

  private static int bounded(String name, String value, int min, int max) {
    int v;
    try {
      v = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": not a number: " + value);
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + v);
    }
    return v;
  }

  private static String oneOf(String name, String value, String... allowed) {
    for (String a : allowed) {
      if (a.equals(value)) {
        return a;
      }
    }
    throw new IllegalArgumentException(name + " must be one of " + Arrays.toString(allowed));
  }

  private static int[] list(String name, String value, int min, int max) {
    return Arrays.stream(value.split(",")).mapToInt(v -> bounded(name, v, min, max)).toArray();
  }

  private static List<String> words(String value) {
    return value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
  }

  private static List<List<String>> flagSets(String value) {
    List<List<String>> sets = new ArrayList<>();
    for (String set : value.split(";")) {
      sets.add(words(set));
    }
    return sets;
  }
}
