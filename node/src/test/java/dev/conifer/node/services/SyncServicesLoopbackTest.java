package dev.conifer.node.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.node.ConiferNode;
import dev.conifer.node.NativeQuic;
import dev.conifer.node.NodeConfig;
import dev.conifer.node.SeededRandom;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.sync.SyncCommands;
import dev.conifer.sync.SyncNode;
import dev.conifer.sync.entry.Grant;
import dev.conifer.sync.store.SyncDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons whose data directories make them sync partners: when B comes up it syncs with A (the
 * agent's start-up sync) and sees A's entry, content included.
 */
@Tag("loopback")
@Tag("quic")
@Timeout(90)
class SyncServicesLoopbackTest {
  private static final long SEED = Long.getLong("node.seed", 0x5c);
  private static final Duration DEADLINE = Duration.ofSeconds(40);

  @TempDir Path dir;
  private ConiferNode a;
  private ConiferNode b;

  @AfterEach
  void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  private static Signer signer(int seedByte) {
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    Arrays.fill(seed, (byte) seedByte);
    return Ed25519.signerFromSeed(seed);
  }

  private static SyncServices offline(Path data, Signer signer, BlobServices blobs) {
    return SyncServices.openLocal(data, signer, blobs);
  }

  @Test
  void partnerSyncsAtStartUp() {
    Signer signerA = signer(0x1a);
    Signer signerB = signer(0x1b);
    Path dataA = dir.resolve("a");
    Path dataB = dir.resolve("b");
    PublicKey namespace;
    byte[] nsSeed = new byte[32];
    Arrays.fill(nsSeed, (byte) 0x77);
    try (BlobServices blobsA = BlobServices.open(dataA, null, List::of, List.of());
        SyncServices syncA = offline(dataA, signerA, blobsA);
        BlobServices blobsB = BlobServices.open(dataB, null, List::of, List.of());
        SyncServices syncB = offline(dataB, signerB, blobsB)) {
      SyncNode nodeA = syncA.node();
      SyncCommands.nsCreate(nodeA, "family", nsSeed, false);
      namespace = SyncCommands.namespace(nodeA, "family");
      SyncCommands.put(
          nodeA, "family", "greeting", "hello".getBytes(StandardCharsets.UTF_8), false);
      Grant read = nodeA.grant(namespace, signerB.publicKey(), Grant.Mode.READ);
      SyncCommands.partnersAdd(nodeA, signerB.publicKey().toHex(), "b");
      syncB.node().joinNamespace("family", read, null, SyncDirectory.ContentPolicy.EAGER);
      SyncCommands.partnersAdd(syncB.node(), signerA.publicKey().toHex(), "a");
    }

    a =
        ConiferNode.start(
            new NodeConfig(
                null,
                List.of(URI.create("tcp://127.0.0.1:0")),
                List.of(),
                null,
                false,
                null,
                true,
                dataA),
            signerA,
            new SeededRandom(SEED),
            new PrintWriter(new StringWriter()));
    NativeQuic.assumeShipped();
    assertThat(a.sessions()).as("sessions started").isNotNull();
    b =
        ConiferNode.start(
            new NodeConfig(null, List.of(), a.listening(), null, false, null, true, dataB),
            signerB,
            new SeededRandom(SEED + 1),
            new PrintWriter(new StringWriter()));

    SyncNode nodeB = b.sync().node();
    // The entry can be listed a moment before its content lands (the eager fetch runs after the
    // session stored the entry), so the value is awaited, not read once.
    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () ->
                assertThat(nodeB.get(namespace, "greeting", List.of(signerA.publicKey())))
                    .as("reproduce: -Dnode.seed=" + SEED)
                    .isEqualTo("hello".getBytes(StandardCharsets.UTF_8)));
  }
}
