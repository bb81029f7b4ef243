package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conifer.node.control.ControlClient;
import dev.conifer.node.control.ControlRoutes;
import dev.conifer.node.control.DataDirAccess;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 with real {@code conifer} processes over loopback: a namespace shared with a ticket and
 * joined through the running daemons' control API; a write pushed through two relays without a
 * manual sync (latency recorded); a daemon stopped while both sides edit converges when it comes
 * back; deletes travel; and an interest set from the CLI limits what moves along a 3-node chain.
 */
@Tag("loopback")
@Timeout(300)
class SyncShareProcessIT {
  private static final Duration START = Duration.ofSeconds(30);
  private static final Duration CONVERGE = Duration.ofSeconds(30);
  private static final int PUSH_SAMPLES = 10;
  private static final Duration PUSH_DEADLINE = Duration.ofSeconds(5);

  @TempDir Path dir;
  private ConiferJar conifer;
  private final List<NodeProcess> processes = new ArrayList<>();

  private record Node(NodeProcess process, String key, URI listen, Path data) {}

  @BeforeEach
  void copyJar() throws Exception {
    conifer = ConiferJar.copyTo(dir);
  }

  @AfterEach
  void killAll() throws InterruptedException {
    for (NodeProcess p : processes) {
      p.kill();
    }
  }

  /** A node; with {@code data} it keeps sync state and serves the control API. */
  private Node start(String name, Path data, boolean listen, URI connect) throws Exception {
    List<String> args = new ArrayList<>(List.of("node"));
    if (data != null) {
      args.addAll(List.of("--data", data.toString(), "--admin", "127.0.0.1:0"));
    } else {
      args.addAll(List.of("--key", dir.resolve(name + ".key").toString(), "--admin", "off"));
    }
    if (listen) {
      args.addAll(List.of("--listen", "tcp://127.0.0.1:0"));
    }
    if (connect != null) {
      args.addAll(List.of("--connect", connect.toString()));
    }
    NodeProcess p = conifer.start(name, args);
    processes.add(p);
    String key = p.waitForLine("public-key", START);
    URI uri = listen ? URI.create(p.waitForLine("listening", START)) : null;
    if (data != null) {
      p.waitForLine("admin", START);
    }
    return new Node(p, key, uri, data);
  }

  private String ok(String... args) throws Exception {
    CliRun run = conifer.run(args);
    assertThat(run.exitCode()).as("%s: %s", List.of(args), run.err()).isZero();
    return run.out();
  }

  private static ControlClient control(Node node) {
    ControlClient client = DataDirAccess.daemonOf(node.data().toAbsolutePath());
    assertThat(client).as("daemon of %s", node.data()).isNotNull();
    return client;
  }

  private static String get(ControlClient node, String key) {
    try {
      JsonNode reply =
          node.call(
              "sync/get",
              ControlRoutes.JSON.createObjectNode().put("ns", "family").put("key", key));
      return new String(
          Base64.getDecoder().decode(reply.path("value").asText()), StandardCharsets.UTF_8);
    } catch (UserException absent) {
      return null;
    }
  }

  private static void put(ControlClient node, String key, String value) {
    node.call(
        "sync/put",
        ControlRoutes.JSON
            .createObjectNode()
            .put("ns", "family")
            .put("key", key)
            .put(
                "value",
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
  }

  private static String ls(ControlClient node) {
    return node.call("sync/ls", ControlRoutes.JSON.createObjectNode().put("ns", "family"))
        .path("text")
        .asText();
  }

  @Test
  void shareJoinPushThroughTwoRelaysOfflineEditsAndDeletesConverge() throws Exception {
    Node r1 = start("r1", null, true, null);
    Node r2 = start("r2", null, true, r1.listen());
    // A listens nowhere (its ticket has no addresses), so A and B only meet through r1 and r2.
    Node a = start("a", dir.resolve("a"), false, r1.listen());
    Path dataB = dir.resolve("b");
    Node b = start("b", dataB, false, r2.listen());
    String dA = "--data=" + a.data();
    String dB = "--data=" + dataB;

    assertThat(ok("sync", "ns", "create", "family", dA)).startsWith("created namespace family");
    ok("sync", "put", "family", "hello", "from A", dA);
    String ticket = ok("sync", "ns", "share", "family", "--write", "--expires", "1d", dA).strip();
    assertThat(ticket).matches("nsticket[a-z2-7]+");
    assertThat(ok("sync", "ns", "join", ticket, "--name", "family", dB))
        .startsWith("joined namespace family")
        .contains("syncing with " + a.key());

    ControlClient ca = control(a);
    ControlClient cb = control(b);
    await().atMost(CONVERGE).until(() -> "from A".equals(get(cb, "hello")));

    // Push on write, through two relays: each write is visible on B without any sync command.
    List<Long> latenciesMs = new ArrayList<>();
    for (int i = 0; i < PUSH_SAMPLES; i++) {
      String key = "push/" + i;
      put(ca, key, "v" + i);
      long written = System.nanoTime();
      // Pushed, not resynced (that is every 10 min): well within seconds even on a loaded CI box.
      await()
          .atMost(PUSH_DEADLINE)
          .pollInterval(Duration.ofMillis(10))
          .until(() -> get(cb, key) != null);
      latenciesMs.add((System.nanoTime() - written) / 1_000_000);
    }
    List<Long> sorted = latenciesMs.stream().sorted().toList();
    long p50 = sorted.get(sorted.size() / 2);
    System.out.println(
        "push write->visible over 2 relays, ms: p50 "
            + p50
            + " max "
            + sorted.get(sorted.size() - 1)
            + " all "
            + latenciesMs);
    // The 1 s target (issue 18) is a measurement recorded in docs/PERFORMANCE.md, not asserted:
    // on a shared 2-core machine the median swings between 0.5 and 1.3 s with the load.
    assertThat(p50).as("median write->visible latency, ms: %s", latenciesMs).isLessThan(3000);

    // B is stopped; both edit (B through its files); B comes back and they converge.
    b.process().stop(START); // SIGTERM: a clean stop that removes the daemon record
    put(ca, "only-a", "a");
    put(ca, "both", "A's edit");
    ok("sync", "put", "family", "only-b", "b", dB); // no daemon on B: the CLI writes the files
    ok("sync", "put", "family", "both", "B's later edit", dB);
    assertThat(ok("sync", "rm", "family", "hello", dB)).startsWith("deleted hello");
    Node b2 = start("b-again", dataB, false, r2.listen());
    ControlClient cb2 = control(b2);
    await()
        .atMost(CONVERGE)
        .until(() -> "a".equals(get(cb2, "only-a")) && get(ca, "only-b") != null);
    await().atMost(CONVERGE).until(() -> ls(ca).equals(ls(cb2)));
    assertThat(get(ca, "hello")).isNull();
    assertThat(get(ca, "both")).isEqualTo("B's later edit");
    assertThat(ok("sync", "why", "family", "hello", dA)).contains("deleted by tombstone");

    // A delete on A is pushed to B.
    ok("sync", "rm", "family", "only-a", dA);
    await().atMost(CONVERGE).until(() -> get(cb2, "only-a") == null);
    assertThat(ok("sync", "get", "family", "both", dB)).isEqualTo("B's later edit\n");
  }

  @Test
  void anInterestSetFromTheCliLimitsWhatMovesAlongAChain() throws Exception {
    Node a = start("a", dir.resolve("a"), true, null);
    Node b = start("b", dir.resolve("b"), true, a.listen());
    Node c = start("c", dir.resolve("c"), false, null); // reaches B through the ticket's address
    String dA = "--data=" + a.data();
    String dB = "--data=" + b.data();
    String dC = "--data=" + c.data();

    ok("sync", "ns", "create", "family", dA);
    ok(
        "sync",
        "ns",
        "join",
        ok("sync", "ns", "share", "family", "--write", dA).strip(),
        "--name",
        "family",
        dB);
    String joined =
        ok(
            "sync",
            "ns",
            "join",
            ok("sync", "ns", "share", "family", dB).strip(),
            "--name",
            "family",
            dC);
    assertThat(joined).contains("syncing with " + b.key()).contains("connecting to " + b.listen());
    assertThat(ok("sync", "ns", "interest", "family", "photos/", dC))
        .startsWith("interested in keys of family under photos/");
    assertThat(ok("sync", "ns", "ls", dC)).contains("\tread\teager\tphotos/");

    ControlClient ca = control(a);
    ControlClient cb = control(b);
    ControlClient cc = control(c);
    put(ca, "photos/1", "p1");
    put(ca, "docs/1", "d1");
    put(ca, "photos/2", "p2");
    await()
        .atMost(CONVERGE)
        .until(() -> get(cc, "photos/2") != null && get(cc, "photos/1") != null);
    await().atMost(CONVERGE).until(() -> get(cb, "docs/1") != null);

    assertThat(ls(cc)).contains("photos/1").contains("photos/2").doesNotContain("docs/");
    String status =
        cc.call("sync/status", ControlRoutes.JSON.createObjectNode()).path("text").asText();
    assertThat(status).contains("entriesReceived=2 ").contains("outsideInterest=0 ");
  }
}
