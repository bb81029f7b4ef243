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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 with real {@code conifer} processes over loopback: a namespace shared with a ticket and
 * joined through the running daemons' control API; a write pushed through two relays without a
 * manual sync; the relay killed (kill -9) while both sides edit (same and different keys, one
 * document, one delete) and the two converging within 10 s of its return, with equal {@code sync
 * why} decisions; kill -9 of a daemon mid-sync losing no acknowledged write; a revoked ticket
 * refused; and an interest set from the CLI limiting what moves along a 3-node chain.
 */
@Tag("loopback")
@Timeout(300)
class SyncShareProcessIT {
  private static final Duration START = Duration.ofSeconds(30);
  private static final Duration CONVERGE = Duration.ofSeconds(30);
  private static final int PUSH_SAMPLES = 10;
  private static final Duration PUSH_DEADLINE = Duration.ofSeconds(5);
  private static final int KILL_AFTER_WRITES = 10;
  private static final URI ANY_PORT = URI.create("tcp://127.0.0.1:0");

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

  /**
   * A node; with {@code data} it keeps sync state and serves the control API, with {@code listen}
   * it accepts peerings there (port 0: any), and it dials every one of {@code connect}.
   */
  private Node start(String name, Path data, URI listen, URI... connect) throws Exception {
    List<String> args = new ArrayList<>(List.of("node"));
    if (data != null) {
      args.addAll(List.of("--data", data.toString(), "--admin", "127.0.0.1:0"));
    } else {
      args.addAll(List.of("--key", dir.resolve(name + ".key").toString(), "--admin", "off"));
    }
    if (listen != null) {
      args.addAll(List.of("--listen", listen.toString()));
    }
    for (URI peer : connect) {
      args.addAll(List.of("--connect", peer.toString()));
    }
    return startWith(name, data, listen != null, args);
  }

  /** A relay with its own key file under {@code keyName} that dials {@code peers}. */
  private List<String> relayArgs(String keyName, URI... peers) {
    List<String> args =
        new ArrayList<>(
            List.of("node", "--key", dir.resolve(keyName + ".key").toString(), "--admin", "off"));
    for (URI peer : peers) {
      args.addAll(List.of("--connect", peer.toString()));
    }
    return args;
  }

  private Node startWith(String name, Path data, boolean listens, List<String> args)
      throws Exception {
    NodeProcess p = conifer.start(name, args);
    processes.add(p);
    String key = p.waitForLine("public-key", START);
    URI uri = listens ? URI.create(p.waitForLine("listening", START)) : null;
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

  private static void merge(ControlClient node, String key, String json) {
    node.call(
        "sync/put",
        ControlRoutes.JSON
            .createObjectNode()
            .put("ns", "family")
            .put("key", key)
            .put("value", Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))
            .put("merge", true));
  }

  private static String why(ControlClient node, String key) {
    return node.call(
            "sync/why", ControlRoutes.JSON.createObjectNode().put("ns", "family").put("key", key))
        .path("text")
        .asText();
  }

  private static String ls(ControlClient node) {
    return node.call("sync/ls", ControlRoutes.JSON.createObjectNode().put("ns", "family"))
        .path("text")
        .asText();
  }

  @Test
  void shareJoinPushThroughTwoRelaysEditsApartConvergeAndKillNineLosesNoAcknowledgedWrite()
      throws Exception {
    // A -> r1 <- r2 -> B: r2 dials r1 and B, so when r2 is killed and started again it re-dials
    // them on its own. A listens nowhere (its ticket has no addresses): A and B meet only through
    // the two relays.
    Node r1 = start("r1", null, ANY_PORT);
    Node a = start("a", dir.resolve("a"), null, r1.listen());
    Node b = start("b", dir.resolve("b"), ANY_PORT);
    List<String> r2Args = relayArgs("r2", r1.listen(), b.listen());
    Node r2 = startWith("r2", null, false, r2Args);
    String dA = "--data=" + a.data();
    String dB = "--data=" + b.data();

    assertThat(ok("sync", "ns", "create", "family", dA)).startsWith("created namespace family");
    ControlClient ca = control(a);
    put(ca, "hello", "from A");
    String ticket = ok("sync", "ns", "share", "family", "--write", "--expires", "1d", dA).strip();
    assertThat(ticket).matches("nsticket[a-z2-7]+");
    assertThat(ok("sync", "ns", "join", ticket, "--name", "family", dB))
        .startsWith("joined namespace family")
        .contains("syncing with " + a.key());
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
    // The 1 s target (issue 18) is measured by bench's SyncPushLatencyBenchmark and recorded in
    // docs/PERFORMANCE.md, not asserted: on a shared 2-core machine the median swings with load.
    assertThat(p50).as("median write->visible latency, ms: %s", latenciesMs).isLessThan(3000);

    merge(ca, "plan", "{\"title\":\"week\"}");
    await().atMost(CONVERGE).until(() -> get(cb, "plan") != null);

    // The relay dies (kill -9); apart, both write the same key and different keys, both edit one
    // document, and B deletes a key.
    r2.process().kill();
    put(ca, "only-a", "a");
    put(ca, "both", "A's edit");
    merge(ca, "plan", "{\"fromA\":1}");
    put(cb, "only-b", "b");
    put(cb, "both", "B's later edit");
    assertThat(ok("sync", "put", "family", "plan", "{\"fromB\":2}", "--merge", dB))
        .startsWith("merged 1 fields into document plan");
    assertThat(ok("sync", "rm", "family", "hello", dB)).startsWith("deleted hello");
    assertThat(get(ca, "only-b")).isNull(); // really apart
    assertThat(get(cb, "only-a")).isNull();

    // The relay comes back with the same key and command line; it dials r1 and B itself.
    startWith("r2-again", null, false, r2Args);
    long back = System.nanoTime();
    List<String> keys = List.of("hello", "only-a", "only-b", "both", "plan");
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> ls(ca).equals(ls(cb)) && ls(ca).contains("only-a") && bothEditsIn(ca));
    System.out.println(
        "converged " + (System.nanoTime() - back) / 1_000_000 + " ms after the relay came back");
    assertThat(ls(cb)).contains("only-a").contains("only-b").doesNotContain("hello\t");
    assertThat(get(ca, "hello")).isNull();
    assertThat(get(ca, "both")).isEqualTo("B's later edit");
    for (ControlClient side : List.of(ca, cb)) {
      JsonNode plan = ControlRoutes.JSON.readTree(get(side, "plan"));
      assertThat(plan.path("title").asText()).isEqualTo("week");
      assertThat(plan.path("fromA").asInt()).isEqualTo(1);
      assertThat(plan.path("fromB").asInt()).isEqualTo(2);
    }
    for (String key : keys) {
      assertThat(decision(why(cb, key))).as("sync why %s", key).isEqualTo(decision(why(ca, key)));
    }
    assertThat(why(ca, "hello")).contains("deleted by tombstone");
    assertThat(why(ca, "plan")).contains("document part (merged with");

    // kill -9 of B while it writes and pushes: no write it acknowledged is lost, and all reach A.
    List<String> acknowledged = new CopyOnWriteArrayList<>();
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; ; i++) {
                try {
                  put(cb, "burst/" + i, "w" + i);
                } catch (RuntimeException killed) {
                  return;
                }
                acknowledged.add("burst/" + i);
              }
            },
            "burst-writer");
    writer.start();
    await().atMost(CONVERGE).until(() -> acknowledged.size() >= KILL_AFTER_WRITES);
    b.process().kill();
    writer.join(ControlClient.TIMEOUT.toMillis() + 5_000);
    List<String> acked = List.copyOf(acknowledged);
    Node b2 = start("b-again", b.data(), b.listen()); // r2 dials it again on the same port
    ControlClient cb2 = control(b2);
    for (String key : acked) {
      assertThat(get(cb2, key)).as("acknowledged %s after kill -9", key).isNotNull();
    }
    await().atMost(CONVERGE).until(() -> acked.stream().allMatch(k -> get(ca, k) != null));
    await().atMost(CONVERGE).until(() -> ls(ca).equals(ls(cb2)));
    System.out.println("kill -9 of B after " + acked.size() + " acknowledged writes: none lost");

    // A revokes the ticket B joined with: B's next push is refused, with a reason, and counted.
    assertThat(ok("sync", "ns", "revoke", "family", "--ticket", ticket, dA))
        .startsWith("revoked the ticket's grant ");
    put(cb2, "after-revoke", "refused");
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                status(cb2).contains("read capability for namespace")
                    && status(cb2).contains("was revoked"));
    assertThat(status(ca)).doesNotContain("capabilityRevoked=0 ");
    assertThat(get(ca, "after-revoke")).isNull();
  }

  private static String status(ControlClient node) {
    return node.call("sync/status", ControlRoutes.JSON.createObjectNode()).path("text").asText();
  }

  /** The document on {@code side} holds both offline edits. */
  private static boolean bothEditsIn(ControlClient side) {
    String plan = get(side, "plan");
    return plan != null && plan.contains("fromA") && plan.contains("fromB");
  }

  /** {@code sync why}'s verdict lines: what is current and its role, not the audit list. */
  private static String decision(String why) {
    return why.lines()
        .filter(
            l ->
                !l.startsWith("  beat")
                    && !l.startsWith("    because")
                    && !l.startsWith("  no conflict")
                    && !l.startsWith("  rule"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  @Test
  void anInterestSetFromTheCliLimitsWhatMovesAlongAChain() throws Exception {
    Node a = start("a", dir.resolve("a"), ANY_PORT);
    Node b = start("b", dir.resolve("b"), ANY_PORT, a.listen());
    Node c = start("c", dir.resolve("c"), null); // reaches B through the ticket's address
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
