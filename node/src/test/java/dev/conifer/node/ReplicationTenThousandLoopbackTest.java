package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.node.services.ReplicationEndpoints;
import dev.conifer.node.services.ReplicationPolicy;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.transfer.replicate.Tier;
import dev.conifer.transfer.replicate.TrustRule;
import dev.conifer.transfer.store.Pin;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The old 256-pin limit is gone end to end: a publisher pins 10,000 small blobs; a node that trusts
 * it pulls the list in 40 signed pages over a real session and fetches every one of the 10,000 over
 * the network. The data directories are on tmpfs (/dev/shm) where there is one: each stored blob
 * costs a few synced SQLite commits, and this test is about the list and the fetches, not about the
 * disk's sync rate.
 */
@Tag("loopback")
@Tag("quic")
@Timeout(300)
class ReplicationTenThousandLoopbackTest {
  static final int BLOBS = Integer.getInteger("conifer.test.replicationBlobs", 10_000);

  private Path dir;
  private ConiferNode publisher;
  private ConiferNode truster;

  private static Signer signer(int seedByte) {
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    Arrays.fill(seed, (byte) seedByte);
    return Ed25519.signerFromSeed(seed);
  }

  @AfterEach
  void stop() throws IOException {
    for (ConiferNode n : new ConiferNode[] {truster, publisher}) {
      if (n != null) {
        n.close();
      }
    }
    if (dir != null) {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private ConiferNode start(Signer signer, String name, List<URI> listen, List<URI> connect)
      throws Exception {
    Path data = Files.createDirectories(dir.resolve(name));
    Files.writeString(data.resolve(ReplicationPolicy.FILE), "pull-interval 1h\n");
    return ConiferNode.start(
        new NodeConfig(null, listen, connect, null, false, null, true, data),
        signer,
        new SeededRandom(name.hashCode()),
        new PrintWriter(new StringWriter()));
  }

  @Test
  void tenThousandSmallBlobsArePulledInPagesAndFetchedOverTheNetwork() throws Exception {
    Path shm = Path.of("/dev/shm");
    dir =
        Files.isDirectory(shm) && Files.isWritable(shm)
            ? Files.createTempDirectory(shm, "conifer-repl-")
            : Files.createTempDirectory("conifer-repl-");
    Signer keyPub = signer(0x41);
    publisher = start(keyPub, "publisher", List.of(URI.create("tcp://127.0.0.1:0")), List.of());
    NativeQuic.assumeShipped();
    truster = start(signer(0x42), "truster", List.of(), publisher.listening());

    long t0 = System.nanoTime();
    Path files = Files.createDirectories(dir.resolve("files"));
    for (int i = 0; i < BLOBS; i++) {
      Path f = files.resolve("b" + i);
      Files.writeString(f, "small blob number " + i);
      // What 'blobs add' stores and pins, without its media-type detection (not under test).
      try (var in = Files.newInputStream(f)) {
        publisher.blobs().store().pin(publisher.blobs().store().put(in), Pin.user());
      }
    }
    long added = System.nanoTime();
    await().atMost(Duration.ofSeconds(60)).until(() -> !truster.directPeers().isEmpty());

    truster
        .replication()
        .update(p -> p.with(new TrustRule(keyPub.publicKey(), Tier.RECIPROCAL, 1L << 30)));
    await()
        .atMost(Duration.ofSeconds(240))
        .pollInterval(Duration.ofSeconds(1)) // each look reads 10,000 pins
        .until(
            () ->
                ReplicationEndpoints.ls(truster.replication())
                        .path("rules")
                        .get(0)
                        .path("held")
                        .asInt()
                    == BLOBS);
    long done = System.nanoTime();

    var rule = ReplicationEndpoints.ls(truster.replication()).path("rules").get(0);
    assertThat(rule.path("listed").asInt()).isEqualTo(BLOBS);
    assertThat(rule.path("failed").asInt()).isZero();
    long fetched = truster.blobs().store().list().stream().filter(i -> i.complete()).count();
    assertThat(fetched).as("blobs stored complete on the truster").isEqualTo(BLOBS);
    System.out.printf(
        "10,000 blobs: added in %d ms, pulled (40 pages) and fetched in %d ms, on %s%n",
        (added - t0) / 1_000_000, (done - added) / 1_000_000, dir);
  }
}
