package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.node.services.ReplicationPolicy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, 5a, with six real {@code conifer node} processes on loopback: two always-on nodes in
 * cluster "home", two laptops, a phone and an outsider. The racks trust the laptop ({@code conifer
 * replicate trust}); the laptop adds blobs and the racks pull its list and hold them all; the
 * laptop goes offline; the phone, trusting the laptop only then, gets every blob from the always-on
 * nodes; the outsider, trusting nobody, holds none. 300 blobs of 1-2 KiB. The pull interval is 30
 * s, longer than the racks may take: list-version notices and the pull at a policy change bring the
 * blobs, not the schedule.
 */
@Tag("loopback")
@Tag("quic")
@Timeout(360)
class ReplicationClusterProcessIT {
  private static final Duration START_DEADLINE = Duration.ofSeconds(120);
  private static final Duration HOLD_DEADLINE = Duration.ofSeconds(60);
  private static final int BLOBS = 300;

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

  /** Launches a node; {@link #started} waits for it, so several start at once. */
  private NodeProcess launch(String name, String role, String cluster, Node hub) throws Exception {
    Path data = dir.resolve(name);
    Files.createDirectories(data);
    Files.writeString(data.resolve(ReplicationPolicy.FILE), "pull-interval 30s\n");
    List<String> args =
        new ArrayList<>(
            List.of(
                "node",
                "--data",
                data.toString(),
                "--admin",
                "127.0.0.1:0",
                "--listen",
                "tcp://127.0.0.1:0",
                "--role",
                role));
    if (cluster != null) {
      args.addAll(List.of("--cluster", cluster));
    }
    if (hub != null) {
      args.addAll(List.of("--connect", hub.listen().toString()));
    }
    NodeProcess process = conifer.start(name, args);
    nodes.add(process);
    return process;
  }

  private Node started(NodeProcess process, String name) throws Exception {
    String key = process.waitForLine("public-key", START_DEADLINE);
    URI listen = URI.create(process.waitForLine("listening", START_DEADLINE));
    process.waitForLine("admin", START_DEADLINE);
    return new Node(process, key, listen, dir.resolve(name));
  }

  private String ok(String... args) throws Exception {
    CliRun run = conifer.run(args);
    assertThat(run.exitCode()).as("%s: %s", List.of(args), run.err()).isZero();
    return run.out();
  }

  private static void awaitHolding(Node holder, Node publisher, int count) {
    await()
        .atMost(HOLD_DEADLINE)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                holder
                        .process()
                        .logLinesWith(
                            "holding "
                                + count
                                + " of "
                                + count
                                + " listed blobs of "
                                + publisher.key())
                    >= 1);
  }

  @Test
  void alwaysOnClusterMembersHoldALaptopsBlobsAndServeThemToThePhoneWhileItIsAway()
      throws Exception {
    Node rack1 = started(launch("rack1", "always-on", "home", null), "rack1");
    NativeQuic.assumeShipped();
    // The others start together, all linked through rack1.
    NodeProcess rack2Process = launch("rack2", "always-on", "home", rack1);
    NodeProcess laptopProcess = launch("laptop", "laptop", "home", rack1);
    NodeProcess laptop2Process = launch("laptop2", "laptop", "home", rack1);
    NodeProcess phoneProcess = launch("phone", "phone", "home", rack1);
    NodeProcess outsiderProcess = launch("outsider", "laptop", null, rack1);
    Node rack2 = started(rack2Process, "rack2");
    Node laptop = started(laptopProcess, "laptop");
    Node laptop2 = started(laptop2Process, "laptop2");
    Node phone = started(phoneProcess, "phone");
    Node outsider = started(outsiderProcess, "outsider");

    for (Node rack : List.of(rack1, rack2)) {
      assertThat(
              ok(
                  "replicate",
                  "trust",
                  laptop.key(),
                  "--tier",
                  "reciprocal",
                  "--quota",
                  "1GiB",
                  "--data",
                  rack.data().toString()))
          .isEqualTo("trusted " + laptop.key() + " reciprocal quota 1073741824\n");
    }

    Random random = new Random(20);
    List<String> add = new ArrayList<>(List.of("blobs", "add", "--data", laptop.data().toString()));
    for (int i = 0; i < BLOBS; i++) {
      byte[] content = new byte[1024 + random.nextInt(1024)];
      random.nextBytes(content);
      add.add(Files.write(dir.resolve("file" + i + ".bin"), content).toString());
    }
    long addStart = System.nanoTime();
    List<String> hashes = Arrays.asList(ok(add.toArray(String[]::new)).split("\n"));
    assertThat(hashes).hasSize(BLOBS);
    long added = System.nanoTime();

    awaitHolding(rack1, laptop, BLOBS);
    awaitHolding(rack2, laptop, BLOBS);
    long racksHold = System.nanoTime();
    assertThat(ok("blobs", "why", "--data", rack1.data().toString(), hashes.get(0)))
        .contains("RECIPROCAL")
        .contains(laptop.key());

    // The laptop counts the always-on cluster members that confirmed a verified copy.
    await()
        .atMost(HOLD_DEADLINE)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                ok("blobs", "ls", "--data", laptop.data().toString())
                        .lines()
                        .filter(line -> line.endsWith(" safe=2"))
                        .count()
                    == BLOBS);

    laptop.process().stop(START_DEADLINE);
    assertThat(
            ok(
                "replicate",
                "trust",
                laptop.key(),
                "--tier",
                "reciprocal",
                "--quota",
                "1GiB",
                "--data",
                phone.data().toString()))
        .startsWith("trusted ");
    long phoneStart = System.nanoTime();
    awaitHolding(phone, laptop, BLOBS);
    long phoneHolds = System.nanoTime();
    System.out.printf(
        "%d blobs: 'blobs add' %d ms; both racks hold all %d ms after it; the phone %d ms after"
            + " trusting the offline laptop%n",
        BLOBS,
        (added - addStart) / 1_000_000,
        (racksHold - added) / 1_000_000,
        (phoneHolds - phoneStart) / 1_000_000);
    String phoneLs = ok("replicate", "ls", "--data", phone.data().toString());
    assertThat(phoneLs)
        .contains("held " + BLOBS + " waiting 0 failed 0")
        .containsAnyOf("from " + rack1.key(), "from " + rack2.key());

    String outsiderBlobs = ok("blobs", "ls", "--data", outsider.data().toString());
    for (String h : hashes) {
      assertThat(outsiderBlobs).doesNotContain(h);
    }
    assertThat(ok("blobs", "ls", "--data", laptop2.data().toString()))
        .doesNotContain(hashes.get(0));
  }
}
