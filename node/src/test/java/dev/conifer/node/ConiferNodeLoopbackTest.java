package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conifer.node.admin.StatusJson;
import dev.conifer.node.cli.PingResult;
import dev.conifer.node.cli.Pinger;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two real nodes in one JVM on 127.0.0.1, one running {@code --echo}. */
@Tag("loopback")
@Timeout(90)
class ConiferNodeLoopbackTest {
  private static final long SEED = Long.getLong("node.seed", 0x5eed);
  private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress("127.0.0.1", 0);
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final List<ConiferNode> nodes = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() {
    nodes.forEach(ConiferNode::close);
  }

  private static Signer signer(int seedByte) {
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    Arrays.fill(seed, (byte) seedByte);
    return Ed25519.signerFromSeed(seed);
  }

  private ConiferNode start(NodeConfig config, int seedByte, StringWriter out) {
    ConiferNode node =
        ConiferNode.start(
            config, signer(seedByte), new SeededRandom(SEED + seedByte), new PrintWriter(out));
    nodes.add(node);
    return node;
  }

  private ConiferNode startEcho(URI listen, StringWriter out) {
    return start(new NodeConfig(null, List.of(listen), List.of(), LOOPBACK_ANY_PORT, true), 3, out);
  }

  private ConiferNode startClient(URI connect) {
    return start(
        new NodeConfig(null, List.of(), List.of(connect), null, false), 1, new StringWriter());
  }

  private JsonNode status(ConiferNode node) throws Exception {
    URI uri = URI.create("http://" + HostPort.format(node.adminAddress()) + "/status");
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    return StatusJson.MAPPER.readTree(response.body());
  }

  private String metrics(ConiferNode node) throws Exception {
    URI uri = URI.create("http://" + HostPort.format(node.adminAddress()) + "/metrics");
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static PingResult ping(ConiferNode client, ConiferNode target, Pinger.Settings settings)
      throws InterruptedException {
    return new Pinger(client.router(), target.publicKey(), settings, SystemClocks.NANO, (int) SEED)
        .run();
  }

  @Test
  void printsPublicKeyBoundAddressesAndAdminOnStdout() {
    StringWriter out = new StringWriter();
    ConiferNode echo = startEcho(URI.create("tcp://127.0.0.1:0"), out);

    String[] lines = out.toString().split("\n");

    assertThat(lines).hasSize(3);
    assertThat(lines[0]).isEqualTo("public-key " + echo.publicKey().toHex());
    assertThat(lines[1]).matches("listening tcp://127\\.0\\.0\\.1:[1-9][0-9]*");
    assertThat(lines[2]).matches("admin http://127\\.0\\.0\\.1:[1-9][0-9]*");
    assertThat(lines[1]).isEqualTo("listening " + echo.listening().get(0));
  }

  @Test
  void listenPortInUseIsAUserErrorNamingTheAddress() {
    ConiferNode first = startEcho(URI.create("tcp://127.0.0.1:0"), new StringWriter());
    URI taken = first.listening().get(0);

    assertThatThrownBy(
            () ->
                start(
                    new NodeConfig(null, List.of(taken), List.of(), null, false),
                    2,
                    new StringWriter()))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("cannot listen on " + taken);
  }

  @Test
  void pingerGetsEveryPayloadBackFromAnEchoNodeOverTcp() throws Exception {
    ConiferNode echo = startEcho(URI.create("tcp://127.0.0.1:0"), new StringWriter());
    ConiferNode client = startClient(echo.listening().get(0));

    PingResult result =
        ping(client, echo, new Pinger.Settings(500, 1024, 16, Duration.ofSeconds(10), DEADLINE));

    assertThat(result)
        .as("no echo within %s; reproduce: -Dnode.seed=%d", DEADLINE, SEED)
        .isNotNull();
    assertThat(result.sent()).isEqualTo(500);
    assertThat(result.received()).isEqualTo(500);
    assertThat(result.lost()).isZero();
    assertThat(result.rttP50Ns()).isPositive();
    assertThat(result.rttP99Ns()).isGreaterThanOrEqualTo(result.rttP50Ns());
  }

  @Test
  void pingerCountsUnansweredPayloadsAsLostAndStillSendsTheRest() throws Exception {
    ConiferNode partialEcho =
        start(
            new NodeConfig(null, List.of(URI.create("tcp://127.0.0.1:0")), List.of(), null, false),
            3,
            new StringWriter());
    partialEcho
        .router()
        .setReceiver(
            (source, payload) -> {
              long seq = payload.getLong(payload.position() + 8);
              if (seq < 0 || seq % 3 != 0) { // route probes, and two payloads in three
                partialEcho.router().send(source, payload);
              }
            });
    ConiferNode client = startClient(partialEcho.listening().get(0));

    PingResult result =
        ping(
            client, partialEcho, new Pinger.Settings(300, 64, 8, Duration.ofMillis(300), DEADLINE));

    assertThat(result).as("reproduce: -Dnode.seed=%d", SEED).isNotNull();
    assertThat(result.sent()).isEqualTo(300);
    assertThat(result.received()).isEqualTo(200);
    assertThat(result.lost()).isEqualTo(100);
  }

  @Test
  void pingCommandPrintsOneSummaryLineOverWebSocket() {
    ConiferNode echo = startEcho(URI.create("ws://127.0.0.1:0/"), new StringWriter());

    CliRun run =
        CliRun.of(
            "ping",
            "--connect",
            echo.listening().get(0).toString(),
            "--count",
            "200",
            "--size",
            "64",
            "--window",
            "8",
            "--wait",
            DEADLINE.toSeconds() + "s",
            echo.publicKey().toHex());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip())
        .matches(
            "sent=200 received=200 lost=0 packets/s=[0-9.]+ MB/s=[0-9.]+"
                + " rtt_p50_ms=[0-9.]+ rtt_p99_ms=[0-9.]+");
  }

  @Test
  void statusAndMetricsShowThePeering() throws Exception {
    ConiferNode echo = startEcho(URI.create("tcp://127.0.0.1:0"), new StringWriter());
    ConiferNode client = startClient(echo.listening().get(0));

    await().atMost(DEADLINE).untilAsserted(() -> assertThat(status(echo).get("peers")).hasSize(1));

    JsonNode json = status(echo);
    assertThat(json.get("publicKey").asText()).isEqualTo(echo.publicKey().toHex());
    JsonNode peer = json.get("peers").get(0);
    assertThat(peer.get("publicKey").asText()).isEqualTo(client.publicKey().toHex());
    assertThat(peer.get("port").asInt()).isEqualTo(1);
    assertThat(peer.get("zone").asText()).isEmpty(); // inbound TCP, as Go
    // Seed 03 (key C) is the strongest key of the two: the echo node is the root.
    assertThat(json.get("root").get("publicKey").asText()).isEqualTo(echo.publicKey().toHex());
    assertThat(json.get("parent").isNull()).isTrue();
    assertThat(metrics(echo)).contains("jvm_memory_used_bytes").contains("conifer_");
  }
}
