package dev.conifer.node.cli;

import dev.conifer.node.ConiferNode;
import dev.conifer.node.HostPort;
import dev.conifer.node.KeyFile;
import dev.conifer.node.NodeConfig;
import dev.conifer.node.NodeUris;
import dev.conifer.node.UserException;
import dev.conifer.node.config.CommandConfig;
import dev.conifer.node.config.ConfigException;
import dev.conifer.node.config.ConfigFile;
import dev.conifer.node.doorway.DoorwayConfig;
import dev.conifer.node.services.ReplicationPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code conifer node}: runs a node until interrupted (SIGINT or SIGTERM). */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Run a node. As it starts it prints 'public-key HEX', one 'listening URI' line per"
            + " bound address and 'admin http://HOST:PORT' on stdout; logs go to stderr.")
public final class NodeCommand implements Callable<Integer> {
  /** Loopback: elsewhere every admin request needs the token. */
  public static final String ADMIN_DEFAULT = "127.0.0.1:9797";

  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  /** {@code --admin off} runs no admin server. */
  public static final String ADMIN_OFF = "off";

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Read options from a TOML file: each key is a long option without its dashes"
              + " (listen = [\"tcp://:7000\"]); flags given here override it. See"
              + " docs/OPERATIONS.md.")
  Path configFile;

  @Option(
      names = "--print-config",
      description =
          "Print the effective options (the config file with the flags applied) and exit.")
  boolean printConfig;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      converter = KeyPathConverter.class,
      description =
          "Identity key file (hex Ed25519 seed), created with mode 0600 if missing"
              + " (default: conifer.key in --data, else in the working directory).")
  Path key;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Data directory; created if missing. Holds the default key file, the blob store"
              + " (blobs/) and the sync database (sync/). Blobs and sync run only with --data.")
  Path data;

  @Option(
      names = "--listen",
      paramLabel = "URI",
      description =
          "Accept peerings on tcp://HOST:PORT, ws://HOST:PORT/PATH, quic://HOST:PORT or"
              + " bt://… (repeatable; port 0 picks a free port). Default: none.")
  List<String> listen = new ArrayList<>();

  @Option(
      names = "--connect",
      paramLabel = "URI",
      description =
          "Static peer tcp://HOST:PORT, HOST:PORT, ws://…, wss://…, quic://HOST:PORT or"
              + " bt://ADDR (repeatable); redialled with backoff while disconnected.")
  List<String> connect = new ArrayList<>();

  @Option(
      names = "--admin",
      paramLabel = "HOST:PORT",
      description =
          "Admin HTTP (/status, /metrics, /manhole, the control API) address, or 'off'"
              + " (default: ${DEFAULT-VALUE}). Other than loopback, every request needs the"
              + " token.",
      defaultValue = ADMIN_DEFAULT)
  String admin;

  /** The doorway's flags, in their own class: {@code --doorway} and its limits. */
  @Mixin DoorwayOptions doorwayOptions = new DoorwayOptions();

  @Option(
      names = "--admin-token",
      paramLabel = "FILE",
      description =
          "The admin server's bearer token file, created (mode 0600) if missing (default:"
              + " control.token in --data; without either the control API is off).")
  Path adminToken;

  @Option(
      names = "--role",
      paramLabel = "ROLE",
      description =
          "always-on, laptop or phone: always-on nodes are preferred as holders. Saved in the data"
              + " directory's replication.conf and signed in this node's publication list.")
  String role;

  @Option(
      names = "--cluster",
      paramLabel = "NAME",
      description =
          "A cluster this node belongs to, e.g. home (repeatable; replaces the saved ones).")
  List<String> clusters = new ArrayList<>();

  @Option(
      names = "--echo",
      description =
          "Send every received payload back to its sender (for conifer ping; turns sessions,"
              + " blobs and sync off).")
  boolean echo;

  @Option(
      names = "--relay-only",
      description =
          "Route only: no sessions, blobs or sync (no QUIC, no SQLite). What a relay on a small"
              + " device needs; see docs/OPERATIONS.md.")
  boolean relayOnly;

  @Option(
      names = "--multicast",
      arity = "0..1",
      fallbackValue = "",
      paramLabel = "IFACES",
      description =
          "LAN discovery compatible with Go Pinecone's beacons (off by default). Optionally a"
              + " comma-separated interface filter with * wildcards, e.g. eth0,wl*.")
  String multicast;

  @Option(
      names = "-listen",
      paramLabel = "ADDR",
      description = "Go Pinecone flag: TCP listen address such as :0 (= --listen tcp://ADDR).")
  List<String> goListen = new ArrayList<>();

  @Option(
      names = "-listenws",
      paramLabel = "ADDR",
      description = "Go Pinecone flag: WebSocket listen address (= --listen ws://ADDR/).")
  List<String> goListenWs = new ArrayList<>();

  @Option(
      names = "-connect",
      paramLabel = "URI",
      description = "Go Pinecone flag: a peer to connect to (= --connect URI).")
  List<String> goConnect = new ArrayList<>();

  @Option(
      names = "-manhole",
      description = "Go Pinecone flag: accepted; GET /manhole on the admin server is always on.")
  boolean goManhole;

  /** Options the config file cannot set. */
  static final Set<String> NOT_IN_CONFIG = Set.of("config", "print-config");

  public NodeCommand() {}

  /** Validates the options; every mistake is a {@link UserException} naming the flag. */
  public NodeConfig toConfig() {
    List<URI> listenUris = new ArrayList<>();
    for (String value : listen) {
      listenUris.add(NodeUris.parse("--listen", value));
    }
    // Go treats an empty flag value as "off".
    for (String value : goListen) {
      if (!value.isBlank()) {
        listenUris.add(NodeUris.tcp("-listen", value.strip()));
      }
    }
    for (String value : goListenWs) {
      if (!value.isBlank()) {
        listenUris.add(NodeUris.ws("-listenws", value.strip()));
      }
    }
    List<URI> connectUris = new ArrayList<>();
    for (String value : connect) {
      connectUris.add(NodeUris.requireConnectable("--connect", NodeUris.parse("--connect", value)));
    }
    for (String value : goConnect) {
      if (!value.isBlank()) {
        connectUris.add(NodeUris.requireConnectable("-connect", NodeUris.parse("-connect", value)));
      }
    }
    if (key != null) {
      KeyFile.requireFile("--key", key);
    }
    InetSocketAddress adminAddress =
        admin.equalsIgnoreCase(ADMIN_OFF) ? null : HostPort.parse("--admin", admin);
    // --echo takes this node's payloads, which sessions (and so blobs and sync) would need.
    boolean sessions = !echo && !relayOnly;
    DoorwayConfig doorwayConfig = null;
    if (doorwayOptions.enabled()) {
      if (!sessions || data == null) {
        throw new UserException("--doorway needs --data, and no --echo or --relay-only");
      }
      doorwayConfig = doorwayOptions.toConfig();
    }
    if ((role != null || !clusters.isEmpty()) && (data == null || !sessions)) {
      throw new UserException("--role and --cluster need --data, and no --echo or --relay-only");
    }
    if (role != null || !clusters.isEmpty()) {
      declaredRole(); // a mistake is reported before anything starts
    }
    return new NodeConfig(
        keyPath(),
        listenUris,
        connectUris,
        adminAddress,
        echo,
        multicast,
        sessions,
        sessions ? data : null,
        doorwayConfig,
        data,
        adminToken);
  }

  /** The role and clusters given as flags, checked; the saved policy with them applied. */
  private ReplicationPolicy declaredRole() {
    ReplicationPolicy p = data == null ? ReplicationPolicy.NONE : ReplicationPolicy.load(data);
    try {
      if (role != null) {
        p = p.withRole(dev.conifer.transfer.replicate.NodeRole.parse(role));
      }
      if (!clusters.isEmpty()) {
        p = p.withClusters(List.copyOf(new java.util.LinkedHashSet<>(clusters)));
      }
    } catch (IllegalArgumentException e) {
      throw new UserException(
          (role != null ? "--role/--cluster: " : "--cluster: ") + e.getMessage(), e);
    }
    return p;
  }

  public static void createDataDirectory(Path dir) {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
    } catch (UnsupportedOperationException notPosix) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UserException("--data: cannot create " + dir + ": " + e, e);
      }
    } catch (IOException e) {
      throw new UserException("--data: cannot create " + dir + ": " + e, e);
    }
  }

  private Path keyPath() {
    if (key != null) {
      return key;
    }
    return data == null ? Path.of(KeyFile.DEFAULT_NAME) : data.resolve(KeyFile.DEFAULT_NAME);
  }

  /** This command with {@code --config}'s file applied (flags win), or itself without one. */
  NodeCommand effective() {
    if (configFile == null) {
      return this;
    }
    try {
      return CommandConfig.apply(
          ConfigFile.read(configFile), spec.commandLine(), NOT_IN_CONFIG, new NodeCommand());
    } catch (ConfigException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    NodeCommand effective = effective();
    if (printConfig) {
      spec.commandLine()
          .getOut()
          .print(ConfigFile.toToml(CommandConfig.values(effective.spec, NOT_IN_CONFIG)));
      spec.commandLine().getOut().flush();
      return 0;
    }
    return effective.run();
  }

  private Integer run() throws InterruptedException {
    NodeConfig config = Conifer.validated(spec, this::toConfig);
    if (data != null) {
      createDataDirectory(data);
    }
    if (role != null || !clusters.isEmpty()) {
      try {
        declaredRole().save(data);
      } catch (java.io.IOException e) {
        throw new UserException("cannot save --role/--cluster in " + data + ": " + e, e);
      }
    }
    SecureRandom random = new SecureRandom();
    ConiferNode node =
        ConiferNode.start(
            config,
            KeyFile.loadOrCreate(config.keyFile(), random),
            random,
            spec.commandLine().getOut());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                },
                "conifer-shutdown"));
    stopped.await();
    return 0;
  }
}
