package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.node.services.ReplicationEndpoints;
import dev.conifer.node.services.ReplicationPolicy;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.transfer.hash.BlobHash;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The family case, in one JVM: a publisher and a truster each peer only with a hub; the truster's
 * pull interval is an hour, so only triggers can explain what it gets. The publisher goes offline
 * (its only link cut), adds a blob, and comes back: the truster holds the blob within seconds, told
 * by a list-version notice, with no manual pull.
 */
@Tag("loopback")
@Tag("quic")
@Timeout(120)
class ReplicationTriggerLoopbackTest {
  @TempDir Path dir;
  private ConiferNode hub;
  private ConiferNode publisher;
  private ConiferNode truster;

  private static Signer signer(int seedByte) {
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    Arrays.fill(seed, (byte) seedByte);
    return Ed25519.signerFromSeed(seed);
  }

  @AfterEach
  void stop() {
    for (ConiferNode n : new ConiferNode[] {truster, publisher, hub}) {
      if (n != null) {
        n.close();
      }
    }
  }

  private ConiferNode start(
      Signer signer, String name, String conf, List<URI> listen, List<URI> connect)
      throws Exception {
    Path data = dir.resolve(name);
    Files.createDirectories(data);
    Files.writeString(data.resolve(ReplicationPolicy.FILE), conf + "pull-interval 1h\n");
    return ConiferNode.start(
        new NodeConfig(null, listen, connect, null, false, null, true, data),
        signer,
        new SeededRandom(name.hashCode()),
        new PrintWriter(new StringWriter()));
  }

  private BlobHash add(ConiferNode at, int seed) throws Exception {
    byte[] content = new byte[40_000];
    new Random(seed).nextBytes(content);
    return at.blobs().commands().add(Files.write(dir.resolve("blob" + seed), content));
  }

  private static boolean holdsForRule(ConiferNode at, BlobHash hash, Signer of) throws Exception {
    return at.blobs().store().has(hash)
        && at.blobs().store().pins(hash).stream()
            .anyMatch(p -> p.tag().equals("replica:" + of.publicKey().toHex()));
  }

  @Test
  void aPublisherBackFromOfflineIsPulledAtOnceByATrusterThatIsNotItsPeer() throws Exception {
    Signer keyHub = signer(0x31);
    Signer keyPub = signer(0x32);
    Signer keyTruster = signer(0x33);
    hub =
        start(
            keyHub,
            "hub",
            keyPub.publicKey().toHex() + " sovereign\n",
            List.of(URI.create("tcp://127.0.0.1:0")),
            List.of());
    NativeQuic.assumeShipped();
    URI hubUri = hub.listening().get(0);
    publisher = start(keyPub, "publisher", "", List.of(), List.of(hubUri));
    truster =
        start(
            keyTruster,
            "truster",
            keyPub.publicKey().toHex() + " reciprocal 10M\n",
            List.of(),
            List.of(hubUri));

    // Online: the truster's first pull (its overlay came up after its start) and the notice of
    // the new version bring the blob, not the hourly schedule.
    BlobHash first = add(publisher, 1);
    await().atMost(Duration.ofSeconds(40)).until(() -> holdsForRule(truster, first, keyPub));

    // Offline: the publisher's only link is cut, and it adds a blob.
    publisher.transports().removeStaticPeer(hubUri).get();
    await().atMost(Duration.ofSeconds(30)).until(() -> publisher.directPeers().isEmpty());
    BlobHash offline = add(publisher, 2);
    long noticesBefore = counter(truster, "noticesReceived");

    // Back: nobody pulls by hand; the truster holds the new blob within seconds.
    long back = System.nanoTime();
    publisher.transports().addStaticPeer(hubUri);
    await().atMost(Duration.ofSeconds(30)).until(() -> holdsForRule(truster, offline, keyPub));
    long seconds = Duration.ofNanos(System.nanoTime() - back).toSeconds();
    System.out.println(
        "offline blob reached the truster " + seconds + " s after the link came back");

    var rule = ReplicationEndpoints.ls(truster.replication()).path("rules").get(0);
    assertThat(rule.path("lastTrigger").asText()).isEqualTo("notice");
    assertThat(counter(truster, "noticesReceived")).isGreaterThan(noticesBefore);
    assertThat(truster.blobs().commands().why(offline))
        .contains("replica:" + keyPub.publicKey().toHex())
        .contains("reciprocal rule for " + keyPub.publicKey().toHex());
    // The hub pulled too, because the publisher came up as its peer.
    await().atMost(Duration.ofSeconds(30)).until(() -> holdsForRule(hub, offline, keyPub));
    assertThat(hub.blobs().commands().why(offline)).contains("sovereign rule for");
  }

  private static long counter(ConiferNode n, String name) throws Exception {
    return ReplicationEndpoints.ls(n.replication()).path("counters").path(name).asLong();
  }
}
