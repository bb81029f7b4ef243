package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.node.doorway.DoorwayConfig;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.transfer.hash.BlobHash;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * peer that holds the blob, and finds the holder through the rendezvous record its pin published;
 * once the overlay has settled, a blob the holder adds is findable within 5 s.
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
                dir.resolve("n" + n),
                DoorwayConfig.defaults(new InetSocketAddress("127.0.0.1", 0))),
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

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private HttpResponse<byte[]> request(ConiferNode doorway, String method, BlobHash hash)
      throws Exception {
    URI uri =
        URI.create("http://" + HostPort.format(doorway.doorwayAddress()) + "/blobs/" + hash.hex());
    return http.send(
        HttpRequest.newBuilder(uri)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private BlobHash add(ConiferNode holder, String name, byte[] content) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, content);
    return holder.blobs().commands().add(file); // added blobs are pinned
  }

  @Test
  void theDoorwayFindsAHolderThatIsNoPeerAndANewBlobWithinFiveSeconds() throws Exception {
    ConiferNode holder = start(1, List.of());
    NativeQuic.assumeShipped();
    assertThat(holder.sessions()).as("sessions started").isNotNull();
    ConiferNode relay = start(2, holder.listening());
    ConiferNode fetcher = start(3, relay.listening());

    byte[] content = new byte[250_000];
    new Random(SEED).nextBytes(content);
    BlobHash hash = add(holder, "blob.bin", content);

    // Republish until the record sits at the nearest node and the fetcher's query reaches it:
    // the overlay is settling.
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              holder.blobs().publishTick();
              assertThat(request(fetcher, "HEAD", hash).statusCode()).as(REPRODUCE).isEqualTo(200);
            });
    HttpResponse<byte[]> whole = request(fetcher, "GET", hash);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(content);
    assertThat(holder.blobs().rendezvous().counters().published.get()).isPositive();

    // A blob added now is published at once: no republish round is needed to find it.
    byte[] fresh = new byte[40_000];
    new Random(SEED + 1).nextBytes(fresh);
    BlobHash freshHash = add(holder, "fresh.bin", fresh);
    long added = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(request(fetcher, "HEAD", freshHash).statusCode())
                    .as(REPRODUCE)
                    .isEqualTo(200));
    System.out.printf(
        "a new blob was findable through the doorway after %d ms%n",
        (System.nanoTime() - added) / 1_000_000);
  }
}
