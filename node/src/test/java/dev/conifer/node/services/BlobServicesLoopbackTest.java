package dev.conifer.node.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.node.CliRun;
import dev.conifer.node.ConiferNode;
import dev.conifer.node.HostPort;
import dev.conifer.node.NativeQuic;
import dev.conifer.node.NodeConfig;
import dev.conifer.node.SeededRandom;
import dev.conifer.node.doorway.DoorwayConfig;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.transfer.fetch.FetchResult;
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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two in-process daemons with data directories on 127.0.0.1: a blob added on A is fetched by B over
 * QUIC sessions (the {@code blobs get --from} logic, the CLI itself, and B's HTTP doorway).
 */
@Tag("loopback")
@Tag("quic")
@Timeout(90)
class BlobServicesLoopbackTest {
  private static final long SEED = Long.getLong("node.seed", 0xb10b);
  private static final String REPRODUCE = "reproduce: -Dnode.seed=" + SEED;
  private static final int BLOB_LENGTH = 600_000; // several groups

  @TempDir Path dir;
  private ConiferNode a;
  private ConiferNode b;
  private final Random random = new Random(SEED);

  private static Signer signer(int seedByte) {
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    Arrays.fill(seed, (byte) seedByte);
    return Ed25519.signerFromSeed(seed);
  }

  @BeforeEach
  void start() {
    URI listen = URI.create("tcp://127.0.0.1:0");
    a =
        ConiferNode.start(
            new NodeConfig(
                null, List.of(listen), List.of(), null, false, null, true, dir.resolve("a")),
            signer(0x0a),
            new SeededRandom(SEED),
            new PrintWriter(new StringWriter()));
    NativeQuic.assumeShipped();
    assertThat(a.sessions()).as("sessions started").isNotNull();
    b =
        ConiferNode.start(
            new NodeConfig(
                null,
                List.of(),
                a.listening(),
                new InetSocketAddress("127.0.0.1", 0),
                false,
                null,
                true,
                dir.resolve("b"),
                DoorwayConfig.defaults(new InetSocketAddress("127.0.0.1", 0))),
            signer(0x0b),
            new SeededRandom(SEED + 1),
            new PrintWriter(new StringWriter()));
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

  private BlobHash addOnA(String name) throws Exception {
    byte[] content = new byte[BLOB_LENGTH];
    random.nextBytes(content);
    Path file = dir.resolve(name);
    Files.write(file, content);
    return a.blobs().commands().add(file);
  }

  @Test
  void fetchesFromAHolderNamedWithFrom() throws Exception {
    BlobHash h = addOnA("one.bin");
    Path out = dir.resolve("one.out");
    AtomicLong verified = new AtomicLong();

    FetchResult result =
        b.blobs()
            .commands()
            .get(h, List.of(a.publicKey()), out, (done, size) -> verified.set(done));

    assertThat(result.size()).as(REPRODUCE).isEqualTo(BLOB_LENGTH);
    assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(dir.resolve("one.bin")));
    assertThat(verified.get()).isEqualTo(BLOB_LENGTH);
    assertThat(b.blobs().store().info(h).orElseThrow().complete()).isTrue();
  }

  @Test
  void cliBlobsGetJoinsThroughConnectAndFetches() throws Exception {
    BlobHash h = addOnA("cli.bin");
    Path out = dir.resolve("cli.out");

    CliRun run =
        CliRun.of(
            "blobs",
            "get",
            h.hex(),
            "--from",
            a.publicKey().toHex(),
            "--connect",
            a.listening().get(0).toString(),
            "-o",
            out.toString(),
            "--data",
            dir.resolve("c").toString());

    assertThat(run.exitCode()).as(run.err() + "\n" + REPRODUCE).isZero();
    assertThat(run.out())
        .isEqualTo("fetched " + h.hex() + " " + BLOB_LENGTH + " bytes to " + out + "\n");
    assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(dir.resolve("cli.bin")));
  }

  private double groupsStreamed() {
    return b.registry().get("conifer.doorway.holder.groups").functionCounter().count();
  }

  @Test
  void theDoorwayStreamsOnlyWhatARequestNeedsFromAHolder() throws Exception {
    BlobHash h = addOnA("web.bin");
    byte[] content = Files.readAllBytes(dir.resolve("web.bin"));
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    URI uri = URI.create("http://" + HostPort.format(b.doorwayAddress()) + "/blobs/" + h.hex());

    HttpResponse<byte[]> head =
        http.send(
            HttpRequest.newBuilder(uri)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(head.statusCode()).as(REPRODUCE).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).hasValue("" + BLOB_LENGTH);
    assertThat(groupsStreamed()).as("HEAD needs only the proven size").isZero();

    HttpResponse<byte[]> range =
        http.send(
            HttpRequest.newBuilder(uri).header("Range", "bytes=300000-300099").build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 300_000, 300_100));
    assertThat(groupsStreamed()).as("100 bytes inside one 16 KiB group").isEqualTo(1);

    HttpResponse<byte[]> whole =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(content);
    assertThat(b.blobs().store().info(h)).as("the doorway passes bytes through").isEmpty();

    HttpResponse<String> onAdmin =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://" + HostPort.format(b.adminAddress()) + "/blobs/" + h.hex()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(onAdmin.statusCode()).as("blobs are not on the admin port").isEqualTo(404);
  }
}
