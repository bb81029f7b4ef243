package dev.conifer.node.demo;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One member of the cast: a device with its own data directory (key, SQLite sync database, blob
 * store) and its own {@code conifer node} process. Always-on nodes listen; laptops and the phone
 * only dial out, so cutting their links really takes them off the network.
 */
final class FamilyNode {
  static final Duration START_DEADLINE = Duration.ofSeconds(90);

  final String name;
  final String role;
  final List<String> listen;
  final boolean doorway;
  private final Path base;
  private Path data;
  private DaemonProcess daemon;
  private String publicKey;
  private List<String> listening = List.of();
  private URI doorwayUri;

  FamilyNode(Path base, String name, String role, List<String> listen, boolean doorway) {
    this.base = base;
    this.name = name;
    this.role = role;
    this.listen = listen;
    this.doorway = doorway;
    this.data = base.resolve(name);
  }

  /** The data directory, as given to {@code --data}. */
  String data() {
    return data.toString();
  }

  Path dataPath() {
    return data;
  }

  /** A fresh data directory, for the device that comes back after its disk was wiped. */
  void replaceDisk(String suffix) {
    data = base.resolve(name + suffix);
  }

  /** The {@code conifer node} arguments a person would use for this device. */
  List<String> nodeArgs() {
    List<String> args = new ArrayList<>(List.of("--data", data(), "--admin", "127.0.0.1:0"));
    for (String uri : listen) {
      args.add("--listen");
      args.add(uri);
    }
    if (doorway) {
      args.addAll(List.of("--doorway", "127.0.0.1:0"));
    }
    args.addAll(roleFlags(role));
    return args;
  }

  /**
   * The role and clusters the node declares (docs/CONTENT.md): every device is in cluster family;
   * the always-on ones also form cluster home, the holders the others prefer.
   */
  static List<String> roleFlags(String role) {
    List<String> flags = new ArrayList<>(List.of("--role", role, "--cluster", "family"));
    if (role.equals("always-on")) {
      flags.addAll(List.of("--cluster", "home"));
    }
    return flags;
  }

  void start(Path logs) {
    daemon = DaemonProcess.start(name, logs, nodeArgs());
  }

  /** Waits for the stable stdout lines and remembers the key and addresses they name. */
  void awaitStarted() throws InterruptedException {
    publicKey = daemon.awaitLine("public-key", START_DEADLINE);
    daemon.awaitLine("admin", START_DEADLINE);
    if (doorway) {
      doorwayUri = URI.create(daemon.awaitLine("doorway", START_DEADLINE));
    }
    listening = daemon.lines("listening");
  }

  /** The address this node listens on for {@code scheme} (tcp, ws, quic). */
  String listening(String scheme) {
    return listening.stream()
        .filter(u -> u.startsWith(scheme + "://"))
        .findFirst()
        .orElseThrow(() -> new DemoFailure(name + " does not listen on " + scheme));
  }

  List<String> listening() {
    return listening;
  }

  String publicKey() {
    return publicKey;
  }

  String shortKey() {
    return publicKey == null ? "-" : publicKey.substring(0, 8) + "…";
  }

  URI doorwayUri() {
    return doorwayUri;
  }

  DaemonProcess daemon() {
    return daemon;
  }

  boolean running() {
    return daemon != null && daemon.alive();
  }
}
