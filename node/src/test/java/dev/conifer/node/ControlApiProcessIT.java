package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conifer.node.admin.StatusJson;
import dev.conifer.node.cli.Conifer;
import dev.conifer.node.control.ControlToken;
import dev.conifer.node.control.DaemonRecord;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 item 2 with real processes: a {@code conifer node --data DIR} owns its directory, and
 * {@code conifer peers|key|status|blobs} run as separate JVMs talk to it through the control API
 * (peers added at run time survive a restart); once it stops, or dies, they use the files.
 */
@Tag("loopback")
@Timeout(240)
class ControlApiProcessIT {
  private static final Duration START_DEADLINE = Duration.ofSeconds(30);
  private static final Duration PEER_DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dir;
  private ConiferJar conifer;
  private final List<NodeProcess> nodes = new ArrayList<>();

  private record Node(NodeProcess process, String key, URI listen, Path data) {}

  @BeforeEach
  void copyJar() throws Exception {
    conifer = ConiferJar.copyTo(dir);
  }

  @AfterEach
  void killNodes() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.kill();
    }
  }

  private Node startNode(String name, Path data) throws Exception {
    NodeProcess process =
        conifer.start(
            name,
            List.of(
                "node",
                "--data",
                data.toString(),
                "--admin",
                "127.0.0.1:0",
                "--listen",
                "tcp://127.0.0.1:0"));
    nodes.add(process);
    String key = process.waitForLine("public-key", START_DEADLINE);
    URI listen = URI.create(process.waitForLine("listening", START_DEADLINE));
    process.waitForLine("admin", START_DEADLINE);
    return new Node(process, key, listen, data);
  }

  /** Runs a CLI command that must succeed with nothing on stderr; returns its stdout. */
  private String ok(String... args) throws Exception {
    CliRun run = conifer.run(args);
    assertThat(run.exitCode()).as("%s: %s", List.of(args), run.err()).isZero();
    assertThat(run.err()).as("stderr of %s", List.of(args)).isEmpty();
    return run.out();
  }

  private static void awaitLog(Node node, String... parts) {
    await()
        .atMost(PEER_DEADLINE)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> node.process().logLinesWith(parts) >= 1);
  }

  @Test
  void cliCommandsGoThroughTheRunningNodeAndPeersSurviveARestart() throws Exception {
    Path dataA = dir.resolve("a");
    Node a = startNode("a", dataA);
    Node b = startNode("b", dir.resolve("b"));

    DaemonRecord record = DaemonRecord.read(dataA);
    assertThat(record).isNotNull();
    assertThat(record.admin()).startsWith("127.0.0.1:");
    assertThat(Path.of(record.tokenFile())).isEqualTo(dataA.resolve(ControlToken.DEFAULT_NAME));
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataA.resolve(ControlToken.DEFAULT_NAME))))
        .isEqualTo("rw-------");

    String data = "--data=" + dataA;
    assertThat(ok("peers", "add", data, b.listen().toString()))
        .isEqualTo(b.listen() + ": added; kept across restarts\n");
    awaitLog(a, "peer up:", b.key());
    assertThat(ok("peers", "ls", data))
        .contains("static " + b.listen() + " added\n")
        .containsPattern("connected [0-9]+ " + b.key() + " REMOTE static " + b.listen());
    assertThat(ok("key", "show", data)).isEqualTo("public-key " + a.key() + "\n");
    assertThat(ok("key", "show", "--key", dataA.resolve("conifer.key").toString()))
        .isEqualTo("public-key " + a.key() + "\n");
    JsonNode status = StatusJson.MAPPER.readTree(ok("status", data));
    assertThat(status.get("publicKey").asText()).isEqualTo(a.key());

    // Blobs: the node's store is locked by it, so these can only work through it.
    byte[] content = new byte[300_000];
    new Random(23).nextBytes(content);
    Path file = Files.write(dir.resolve("file.bin"), content);
    String hash = ok("blobs", "add", data, file.toString()).strip();
    assertThat(hash).hasSize(64);
    assertThat(ok("blobs", "ls", data)).startsWith(hash);
    Path out = dir.resolve("out.bin");
    assertThat(ok("blobs", "get", data, hash, "-o", out.toString()))
        .isEqualTo("fetched " + hash + " " + content.length + " bytes to " + out + "\n");
    assertThat(Files.readAllBytes(out)).isEqualTo(content);

    // A clean stop removes the record; a restart redials the peer added at run time.
    a.process().stop(START_DEADLINE);
    assertThat(DaemonRecord.read(dataA)).isNull();
    Node again = startNode("a-again", dataA);
    awaitLog(again, "peer up:", b.key());
    assertThat(ok("peers", "remove", data, b.listen().toString()))
        .isEqualTo(b.listen() + ": removed\n");
    awaitLog(again, "peer down:", b.key());

    // Killed, the node leaves its record behind: the next command notices and uses the files.
    again.process().kill();
    assertThat(DaemonRecord.read(dataA)).isNotNull();
    assertThat(ok("blobs", "ls", data)).startsWith(hash);
    assertThat(DaemonRecord.read(dataA)).isNull();
    assertThat(ok("peers", "ls", data)).isEmpty();
  }

  @Test
  void aSecondNodeOnTheSameDataDirectoryIsRefusedNamingTheFirst() throws Exception {
    Path data = dir.resolve("shared");
    Node first = startNode("first", data);

    CliRun second = conifer.run("node", "--data", data.toString(), "--admin", "127.0.0.1:0");

    assertThat(second.exitCode()).isEqualTo(Conifer.EXIT_FAILURE);
    assertThat(second.err()).contains("is in use by a running node (pid " + first.process().pid());
  }
}
