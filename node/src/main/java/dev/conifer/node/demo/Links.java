package dev.conifer.node.demo;

import java.time.Duration;

/**
 * The family's links, made and cut with {@code conifer peers add|remove} on the device that dials:
 * the laptops and the phone only dial out, so removing their peer really takes them off the network
 * (their sockets close; nobody dials them back).
 */
final class Links {
  static final Duration LINK_DEADLINE = Duration.ofSeconds(45);

  private final Narrator n;

  Links(Narrator n) {
    this.n = n;
  }

  /** {@code from} dials {@code to} on its {@code scheme} listener and keeps that link up. */
  String link(FamilyNode from, FamilyNode to, String scheme) {
    String uri = to.listening(scheme);
    n.run("peers", "add", uri, "--data", from.data());
    return uri;
  }

  void cut(FamilyNode from, String uri) {
    n.run("peers", "remove", uri, "--data", from.data());
  }

  /** How many peers {@code node} is connected to now ({@code peers ls}); -1 if unreadable. */
  int connected(FamilyNode node) {
    String out = n.quiet("peers", "ls", "--data", node.data());
    return out == null ? -1 : (int) out.lines().filter(l -> l.startsWith("connected ")).count();
  }

  /** Waits until {@code node} has exactly {@code count} connected peers (or at least, if up). */
  void await(FamilyNode node, int count, boolean atLeast) throws InterruptedException {
    String late =
        Waiting.until(
            LINK_DEADLINE,
            () -> {
              int c = connected(node);
              boolean ok = atLeast ? c >= count : c == count;
              return ok ? null : node.name + " has " + c + " connected peers, not " + count;
            });
    if (late != null) {
      throw new DemoFailure(late + " after " + LINK_DEADLINE.toSeconds() + " s");
    }
  }
}
