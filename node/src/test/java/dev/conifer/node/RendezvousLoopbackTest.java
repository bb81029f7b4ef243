package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.transfer.BlobDoorway;
import dev.conifer.transfer.BlobHash;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three daemons in a line on 127.0.0.1 (holder - relay - fetcher): the fetcher's doorway has no
 * peer that holds the blob, and finds the holder through the rendezvous record its pin published.
 */
@Tag("loopback")
@Tag("quic")
@Timeout(90)
class RendezvousLoopbackTest {
  private static final long SEED = Long.getLong("node.seed", 0x7e2d);
  private static final String REPRODUCE = "reproduce: -Dnode.seed=" + SEED;

  @TempDir Path dir;
  private final List<ConiferNode> nodes = new ArrayList<>();

  private static Signer signer(int seedByte) {
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    Arrays.fill(seed, (byte) seedByte);
    return Ed25519.signerFromSeed(seed);
  }

  private ConiferNode start(int n, List<URI> connect) {
    ConiferNode node =
        ConiferNode.start(
            new NodeConfig(
                null,
                List.of(URI.create("tcp://127.0.0.1:0")),
                connect,
                null,
                false,
                null,
                true,
                dir.resolve("n" + n)),
            signer(0x30 + n),
            new SeededRandom(SEED + n),
            new PrintWriter(new StringWriter()));
    nodes.add(node);
    return node;
  }

  @AfterEach
  void stop() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }

  @Test
  void theDoorwayFindsAHolderThatIsNoPeerThroughItsRendezvousRecord() throws Exception {
    ConiferNode holder = start(1, List.of());
    assumeTrue(holder.sessions() != null, "QUIC cannot load here");
    ConiferNode relay = start(2, holder.listening());
    ConiferNode fetcher = start(3, relay.listening());

    byte[] content = new byte[250_000];
    new Random(SEED).nextBytes(content);
    Path file = dir.resolve("blob.bin");
    Files.write(file, content);
    BlobHash hash = holder.blobs().commands().add(file); // added blobs are pinned

    // Republish until the record sits at the nearest node and the fetcher's query reaches it.
    BlobDoorway doorway = fetcher.blobs().doorway();
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              holder.blobs().publishTick();
              BlobDoorway.Response resp = doorway.handle("HEAD", "/blobs/" + hash.hex(), null);
              assertThat(resp.status()).as(REPRODUCE).isEqualTo(200);
            });
    BlobDoorway.Response resp = doorway.handle("GET", "/blobs/" + hash.hex(), null);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    resp.body().writeTo(body);
    assertThat(body.toByteArray()).isEqualTo(content);
    assertThat(holder.blobs().rendezvous().counters().published.get()).isPositive();
  }
}
