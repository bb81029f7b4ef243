package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.node.cli.ReplicationText;
import dev.conifer.node.services.ReplicationEndpoints;
import dev.conifer.node.services.ReplicationPolicy;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.transfer.hash.BlobHash;
import dev.conifer.transfer.replicate.Tier;
import dev.conifer.transfer.replicate.TrustRule;
import dev.conifer.transfer.store.Pin;
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
 * Replication follows relationship: A and B trust each other as family ({@code reciprocal} in their
 * {@code replication.conf}); a blob A pins is announced to B, which fetches and pins it.
 */
@Tag("loopback")
@Tag("quic")
@Timeout(240)
class ReplicationLoopbackTest {
  @TempDir Path dir;
  private ConiferNode a;
  private ConiferNode b;

  private static Signer signer(int seedByte) {
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    Arrays.fill(seed, (byte) seedByte);
    return Ed25519.signerFromSeed(seed);
  }

  @AfterEach
  void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  private ConiferNode start(
      Signer signer, Signer trusted, String name, List<URI> listen, List<URI> connect)
      throws Exception {
    Path data = dir.resolve(name);
    Files.createDirectories(data);
    Files.writeString(
        data.resolve(ReplicationPolicy.FILE),
        "# family\n" + trusted.publicKey().toHex() + " reciprocal 10M\ncapacity 1G\n");
    return ConiferNode.start(
        new NodeConfig(null, listen, connect, null, false, null, true, data),
        signer,
        new SeededRandom(name.hashCode()),
        new PrintWriter(new StringWriter()));
  }

  @Test
  void aPinnedBlobIsAnnouncedToAndReplicatedByATrustingPeer() throws Exception {
    Signer keyA = signer(0x1a);
    Signer keyB = signer(0x1b);
    a = start(keyA, keyB, "a", List.of(URI.create("tcp://127.0.0.1:0")), List.of());
    NativeQuic.assumeShipped();
    assertThat(a.sessions()).as("sessions started").isNotNull();
    b = start(keyB, keyA, "b", List.of(), a.listening());

    byte[] content = new byte[200_000];
    new Random(5).nextBytes(content);
    Path file = dir.resolve("path.bin");
    Files.write(file, content);
    BlobHash hash = a.blobs().commands().add(file);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> a.blobs().announcePins(keyB.publicKey()) > 0);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> b.blobs().store().pins(hash).stream().anyMatch(p -> p.tier() != null));
    List<Pin> pins = b.blobs().store().pins(hash);
    assertThat(pins).anySatisfy(p -> assertThat(p.keyHex()).isEqualTo(keyA.publicKey().toHex()));
    assertThat(b.blobs().store().list())
        .anySatisfy(info -> assertThat(info.hash()).isEqualTo(hash));
    assertThat(b.blobs().commands().why(hash)).contains("reciprocal");
  }

  @Test
  void aFullQuotaAndAnUnreachablePublisherAreCountedLoggedAndNamedWithoutStoppingOtherRules()
      throws Exception {
    Signer keyA = signer(0x2a);
    Signer keyB = signer(0x2b);
    Signer absent = signer(0x2c);
    a = start(keyA, keyB, "qa", List.of(URI.create("tcp://127.0.0.1:0")), List.of());
    NativeQuic.assumeShipped();
    b = start(keyB, absent, "qb", List.of(), a.listening()); // A is trusted only below
    byte[] big = new byte[300_000];
    new Random(6).nextBytes(big);
    Path bigFile = Files.write(dir.resolve("big.bin"), big);
    Path smallFile = Files.write(dir.resolve("small.bin"), new byte[] {1, 2, 3});
    BlobHash bigHash = a.blobs().commands().add(bigFile);
    BlobHash smallHash = a.blobs().commands().add(smallFile);

    // B keeps at most 1000 bytes of A's, and also trusts a key that is nowhere.
    b.replication()
        .update(
            p ->
                p.with(new TrustRule(keyA.publicKey(), Tier.RECIPROCAL, 1000))
                    .with(new TrustRule(absent.publicKey(), Tier.INVESTED, 1000)));
    // A pull waits behind a running round, which spends up to a dial timeout on the absent key.
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> {
              b.replication().pullNow(keyA.publicKey(), Duration.ofSeconds(110));
              return b.blobs().store().has(smallHash);
            });
    b.replication().pullNow(absent.publicKey(), Duration.ofSeconds(110));

    assertThat(b.blobs().store().has(bigHash)).as("over the quota: not kept").isFalse();
    var ls = ReplicationEndpoints.ls(b.replication());
    var ofA = ls.path("rules").get(0);
    assertThat(ofA.path("key").asText()).isEqualTo(keyA.publicKey().toHex());
    assertThat(ofA.path("held").asInt()).isEqualTo(1);
    assertThat(ofA.path("failed").asInt()).isEqualTo(1);
    assertThat(ofA.path("reason").asText()).contains("do not fit the quota of 1000");
    var ofAbsent = ls.path("rules").get(1);
    assertThat(ofAbsent.path("reason").asText())
        .contains("cannot pull the list of " + absent.publicKey().shortHex());
    assertThat(ls.path("counters").path("quotaRefusals").asLong()).isEqualTo(1);
    assertThat(ls.path("counters").path("pullsUnreachable").asLong()).isPositive();
    assertThat(b.registry().get("conifer.replication.quota.refusals").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(ReplicationText.ls(ls))
        .anySatisfy(line -> assertThat(line).contains("reason: 1 listed blobs do not fit"));
  }

  @Test
  void aMalformedPolicyNamesTheLine() throws Exception {
    Path data = dir.resolve("bad");
    Files.createDirectories(data);
    Files.writeString(data.resolve(ReplicationPolicy.FILE), "capacity 1G\nnot-a-key family\n");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ReplicationPolicy.load(data)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("replication.conf:2");
  }
}
