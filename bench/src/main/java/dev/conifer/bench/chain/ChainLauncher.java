package dev.conifer.bench.chain;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a chain as separate JVMs on 127.0.0.1: the echo node first, then relays K..1, each
 * connecting to the hop after it. The client attaches to relay 1.
 */
final class ChainLauncher {
  /** A loaded 2-core machine took over 30 s to start a node JVM. */
  private static final long START_TIMEOUT_MS = 120_000;

  /** A started chain; {@code relays.get(0)} is the entry, next to the client. */
  record RunningChain(
      String kind,
      List<ChildProcesses.Child> relays,
      ChildProcesses.Child echo,
      List<URI> relayListen,
      List<URI> relayAdmin,
      String echoKey) {
    URI entry() {
      return relayListen.get(0);
    }
  }

  private final ChildProcesses children;
  private final String java;
  private final List<String> jvmFlags;
  private final Path workDir;

  private final String classPath;
  private final Map<Path, Path> jarCopies = new HashMap<>();

  ChainLauncher(ChildProcesses children, List<String> jvmFlags, Path workDir) throws IOException {
    this.children = children;
    this.java = ProcessHandle.current().info().command().orElse("java");
    this.jvmFlags = List.copyOf(jvmFlags);
    this.workDir = workDir;
    List<String> copied = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      copied.add(Files.isRegularFile(path) ? privateCopy(path).toString() : entry);
    }
    this.classPath = String.join(File.pathSeparator, copied);
  }

  /**
   * A copy of {@code jar} in the work directory: other builds may replace the original while the
   * children run, and a JVM whose jar changes under it fails to load classes.
   */
  synchronized Path privateCopy(Path jar) throws IOException {
    Path original = jar.toAbsolutePath().normalize();
    Path copy = jarCopies.get(original);
    if (copy == null) {
      copy = workDir.resolve("jar" + jarCopies.size() + "-" + original.getFileName());
      Files.copy(original, copy);
      jarCopies.put(original, copy);
    }
    return copy;
  }

  /**
   * With {@code jfrDir} set, each relay records a JFR profile there, written when it stops. {@code
   * root} "echo" or "middle" gives that node a key above every other's, so it is the tree's root;
   * "any" leaves all keys random.
   */
  RunningChain startConifer(Path coniferJar, int relayCount, Path jfrDir, String root, long seed)
      throws IOException, InterruptedException {
    return startConifer("conifer", coniferJar, relayCount, jfrDir, root, seed, List.of());
  }

  /**
   * The same, its nodes' names (data directories, logs) starting with {@code kind}, each JVM with
   * {@code chainFlags} after the launcher's flags.
   */
  RunningChain startConifer(
      String kind,
      Path coniferJar,
      int relayCount,
      Path jfrDir,
      String root,
      long seed,
      List<String> chainFlags)
      throws IOException, InterruptedException {
    if (root.equals("echo")) {
      RootKey.write(workDir.resolve(kind + "-echo"), seed);
    } else if (root.equals("middle")) {
      RootKey.write(workDir.resolve(kind + "-relay" + (relayCount / 2 + 1)), seed);
    }
    ConiferNodeProcess echo = startConiferNode(coniferJar, kind + "-echo", null, true, chainFlags);
    URI next = echo.listen;
    List<ConiferNodeProcess> relays = new ArrayList<>();
    for (int i = relayCount; i >= 1; i--) {
      String name = kind + "-relay" + i;
      List<String> extraRelayFlags = new ArrayList<>(chainFlags);
      if (jfrDir != null) {
        extraRelayFlags.add(
            "-XX:StartFlightRecording=filename="
                + jfrDir.resolve(name + ".jfr")
                + ",settings="
                + JfrSettings.write(jfrDir)
                + ",dumponexit=true");
      }
      ConiferNodeProcess relay = startConiferNode(coniferJar, name, next, false, extraRelayFlags);
      relays.add(0, relay);
      next = relay.listen;
    }
    return new RunningChain(
        kind,
        relays.stream().map(r -> r.child).toList(),
        echo.child,
        relays.stream().map(r -> r.listen).toList(),
        relays.stream().map(r -> r.admin).toList(),
        echo.publicKey);
  }

  /** One conifer node JVM, as printed on its stdout. */
  record ConiferNodeProcess(ChildProcesses.Child child, String publicKey, URI listen, URI admin) {}

  ConiferNodeProcess startConiferNode(
      Path coniferJar, String name, URI connect, boolean echo, List<String> extraFlags)
      throws IOException, InterruptedException {
    return startConiferNode(coniferJar, name, connect, echo, jvmFlags, extraFlags);
  }

  ConiferNodeProcess startConiferNode(
      Path coniferJar,
      String name,
      URI connect,
      boolean echo,
      List<String> flags,
      List<String> extraFlags)
      throws IOException, InterruptedException {
    Path data = Files.createDirectories(workDir.resolve(name));
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(flags);
    command.addAll(extraFlags);
    command.add("-jar");
    command.add(privateCopy(coniferJar).toString());
    command.add("node");
    command.add("--data");
    command.add(data.toString());
    command.add("--listen");
    command.add("tcp://127.0.0.1:0");
    command.add("--admin");
    command.add("127.0.0.1:0");
    if (connect != null) {
      command.add("--connect");
      command.add(connect.toString());
    }
    if (echo) {
      command.add("--echo");
    }
    ChildProcesses.Child child = children.start(name, command);
    String key = child.waitForLine("public-key", START_TIMEOUT_MS);
    URI listen = URI.create(child.waitForLine("listening", START_TIMEOUT_MS));
    URI admin = URI.create(child.waitForLine("admin", START_TIMEOUT_MS));
    return new ConiferNodeProcess(child, key, listen, admin);
  }

  RunningChain startBaseline(int relayCount) throws IOException, InterruptedException {
    ChildProcesses.Child echo = startBaselineHop("baseline-echo", null);
    URI next = URI.create(echo.waitForLine("listening", START_TIMEOUT_MS));
    List<ChildProcesses.Child> relays = new ArrayList<>();
    List<URI> listen = new ArrayList<>();
    for (int i = relayCount; i >= 1; i--) {
      ChildProcesses.Child relay = startBaselineHop("baseline-relay" + i, next);
      next = URI.create(relay.waitForLine("listening", START_TIMEOUT_MS));
      relays.add(0, relay);
      listen.add(0, next);
    }
    return new RunningChain("baseline", relays, echo, listen, List.of(), null);
  }

  /**
   * A {@link PeerFarm} JVM (default flags) with {@code count} peers of {@code relay}; {@code
   * routesArgs} is empty (idle Conifer nodes) or {@code ROUTES LOW HIGH} (raw peers keeping that
   * many virtual snake routes alive).
   */
  ChildProcesses.Child startPeerFarm(URI relay, int count, long seed, List<String> routesArgs)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(classPath);
    command.add(PeerFarm.class.getName());
    command.add(relay.toString());
    command.add(Integer.toString(count));
    command.add(Long.toString(seed));
    command.addAll(routesArgs);
    ChildProcesses.Child farm = children.start("peer-farm", command);
    farm.waitForLine("ready", 180_000);
    return farm;
  }

  /**
   * A {@link Flooder} JVM (default flags): {@code count} hostile peers of {@code relay} flooding
   * {@code kind} frames; returns once they flood.
   */
  ChildProcesses.Child startFlooder(URI relay, int count, String kind, long seed)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-cp");
    command.add(classPath);
    command.add(Flooder.class.getName());
    command.add(relay.toString());
    command.add(Integer.toString(count));
    command.add(kind);
    command.add(Long.toString(seed));
    ChildProcesses.Child flooder = children.start("flooder-" + kind, command);
    flooder.waitForLine("flooding", 60_000);
    return flooder;
  }

  private ChildProcesses.Child startBaselineHop(String name, URI next) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(classPath);
    command.add(BaselineRelay.class.getName());
    if (next == null) {
      command.add("--echo");
    } else {
      command.add("--next");
      command.add(next.getHost() + ":" + next.getPort());
    }
    return children.start(name, command);
  }
}
