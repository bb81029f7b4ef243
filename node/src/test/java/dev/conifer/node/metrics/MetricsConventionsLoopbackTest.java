package dev.conifer.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conifer.node.ConiferNode;
import dev.conifer.node.HostPort;
import dev.conifer.node.NodeConfig;
import dev.conifer.node.SeededRandom;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 item 4: a live node's {@code /metrics}, with a peer, blobs and admin requests behind it,
 * passes {@code promtool check metrics} (Debian's {@code prometheus} package, installed by .ci/run)
 * without a single complaint, and has the conventional process and build meters. Skipped where
 * promtool is missing, except in CI ({@code CI=true}), where that fails.
 */
@Tag("loopback")
@Timeout(90)
class MetricsConventionsLoopbackTest {
  private static final long SEED = Long.getLong("node.seed", 0x23);
  private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

  @TempDir Path dir;
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

  private ConiferNode start(NodeConfig config, int seedByte) {
    ConiferNode node =
        ConiferNode.start(
            config,
            signer(seedByte),
            new SeededRandom(SEED + seedByte),
            new PrintWriter(new StringWriter()));
    nodes.add(node);
    return node;
  }

  private String get(ConiferNode node, String path) throws Exception {
    URI uri = URI.create("http://" + HostPort.format(node.adminAddress()) + path);
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static String promtool() {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File candidate = new File(entry, "promtool");
      if (candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    return null;
  }

  @Test
  void liveMetricsPassPromtoolAndFollowTheConventions() throws Exception {
    String promtool = promtool();
    if (promtool == null && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("promtool is missing in CI: .ci/run installs Debian's prometheus");
    }
    assumeTrue(promtool != null, "promtool not installed (apt-get install prometheus); skipped");

    ConiferNode hub =
        start(
            new NodeConfig(
                null,
                List.of(URI.create("tcp://127.0.0.1:0")),
                List.of(),
                LOOPBACK_ANY_PORT,
                false,
                null,
                true,
                dir.resolve("hub")),
            1);
    start(new NodeConfig(null, List.of(), List.of(hub.listening().get(0)), null, false), 2);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get(hub, "/metrics").contains("conifer_peer_bytes_in_total{"));
    get(hub, "/status");
    get(hub, "/manhole");
    get(hub, "/nowhere");

    String metrics = get(hub, "/metrics");
    Process check =
        new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
    check.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
    check.getOutputStream().close();
    String complaints = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(complaints).as("promtool check metrics").isEmpty();
    assertThat(check.exitValue()).isZero();

    String peerKey = signer(2).publicKey().shortHex();
    assertThat(metrics)
        .contains("process_cpu_seconds_total ")
        .contains("process_resident_memory_bytes ")
        .contains("process_open_fds ")
        .contains("conifer_session_connections ")
        .contains("conifer_rendezvous_records_rejected_total{reason=\"signature\"} 0.0")
        .contains("conifer_blob_requests_refused_total{reason=\"not_found\"} 0.0")
        .contains("conifer_blob_fetches_failed_total{reason=\"verification_failed\"} 0.0")
        .contains("conifer_blob_holder_failures_total{reason=\"transport\"} 0.0")
        .contains("conifer_blob_served_bytes_total ")
        .contains("conifer_build_info{java=\"")
        .contains("conifer_peer_bytes_in_total{key=\"" + peerKey + "\",uri_class=\"tcp\"}")
        .contains("conifer_admin_requests_total{outcome=\"ok\",path=\"/manhole\"} 1.0")
        .contains("conifer_admin_requests_total{outcome=\"not_found\",path=\"other\"} 1.0")
        .doesNotContain("process_cpu_time_ns_total")
        .doesNotContain("{port=");
  }

  @Test
  void residentMemoryIsReadFromTheKernel() throws IOException {
    assumeTrue(java.nio.file.Files.isReadable(Path.of("/proc/self/status")), "not Linux");
    assertThat(ProcessMeters.residentBytes()).isGreaterThan(1 << 20);
  }
}
