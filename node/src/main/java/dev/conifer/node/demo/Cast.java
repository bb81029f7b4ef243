package dev.conifer.node.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The family: an always-on home node with the doorway, an always-on node at the grandparents', two
 * laptops and a phone, each a separate {@code conifer node} process on loopback. Separate processes
 * rather than node instances in one JVM, because that is how the daemon runs on real devices: each
 * has its own key, SQLite files, blob store, sockets and lock, a wiped disk is a stopped process
 * and a deleted directory, and nothing can be shared by accident.
 */
final class Cast {
  final FamilyNode home;
  final FamilyNode grandparent;
  final FamilyNode laptopA;
  final FamilyNode laptopB;
  final FamilyNode phone;
  private final Path logs;
  private final Thread killer;

  Cast(Path base) {
    String any = "127.0.0.1:0";
    home =
        new FamilyNode(
            base,
            "home",
            "always-on",
            List.of("tcp://" + any, "ws://" + any + "/", "quic://" + any),
            true);
    grandparent = new FamilyNode(base, "grandparent", "always-on", List.of("tcp://" + any), false);
    laptopA = new FamilyNode(base, "laptop-a", "laptop", List.of(), false);
    laptopB = new FamilyNode(base, "laptop-b", "laptop", List.of(), false);
    phone = new FamilyNode(base, "phone", "phone", List.of(), false);
    logs = base.resolve("logs");
    killer = new Thread(this::killAll, "family-demo-cleanup");
  }

  List<FamilyNode> all() {
    return List.of(home, grandparent, laptopA, laptopB, phone);
  }

  List<FamilyNode> alwaysOn() {
    return List.of(home, grandparent);
  }

  Path logs() {
    return logs;
  }

  /** Starts every daemon at once, then waits for each to print its key and addresses. */
  void startAll(Narrator n) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(killer);
    for (FamilyNode node : all()) {
      n.out().println("$ conifer node " + n.shown(node.nodeArgs().toArray(String[]::new)) + " &");
      node.start(logs);
    }
    for (FamilyNode node : all()) {
      node.awaitStarted();
    }
  }

  /** Starts one node again (the wiped laptop) and waits for it. */
  void start(Narrator n, FamilyNode node) throws InterruptedException {
    n.out().println("$ conifer node " + n.shown(node.nodeArgs().toArray(String[]::new)) + " &");
    node.start(logs);
    node.awaitStarted();
    n.say(node.name + " pid " + node.daemon().pid() + " key " + node.shortKey());
  }

  /** With --keep the daemons outlive the demo; otherwise they stop with it. */
  void keepRunning() {
    Runtime.getRuntime().removeShutdownHook(killer);
  }

  void stopAll() throws InterruptedException {
    List<FamilyNode> running = new ArrayList<>(all());
    running.removeIf(node -> !node.running());
    for (FamilyNode node : running) {
      node.daemon().stop(Duration.ofSeconds(10));
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running already; it does the same
    }
  }

  private void killAll() {
    for (FamilyNode node : all()) {
      if (node.running()) {
        node.daemon().killNow();
      }
    }
  }
}
