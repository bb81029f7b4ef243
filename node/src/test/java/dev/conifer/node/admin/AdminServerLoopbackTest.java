package dev.conifer.node.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conifer.node.CliRun;
import dev.conifer.node.HostPort;
import dev.conifer.node.UserException;
import dev.conifer.node.cli.Conifer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("loopback")
@Timeout(30)
class AdminServerLoopbackTest {
  private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private AdminServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    registry.close();
  }

  /** The fixed status as a client parses it (numbers come back as the smallest type). */
  private static JsonNode expectedJson() throws Exception {
    return StatusJson.MAPPER.readTree(StatusJson.toBytes(StatusJsonTest.fixedStatus()));
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = URI.create("http://" + HostPort.format(server.address()) + path);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void statusServesTheRouterSnapshotAsJson() throws Exception {
    server =
        AdminServer.start(
            LOOPBACK_ANY_PORT,
            () -> CompletableFuture.completedFuture(StatusJsonTest.fixedStatus()),
            registry);

    HttpResponse<String> response = get("/status");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode json = StatusJson.MAPPER.readTree(response.body());
    assertThat(json).isEqualTo(expectedJson());
  }

  @Test
  void metricsServesPrometheusTextWithRegisteredMeters() throws Exception {
    Counter.builder("conifer.test.widgets").register(registry).increment(3);
    server =
        AdminServer.start(
            LOOPBACK_ANY_PORT,
            () -> CompletableFuture.completedFuture(StatusJsonTest.fixedStatus()),
            registry);

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .contains("# TYPE conifer_test_widgets_total counter")
        .contains("conifer_test_widgets_total 3.0")
        .contains("conifer_admin_requests_total{outcome=\"ok\",path=\"/metrics\"} 1.0");
  }

  @Test
  void unknownPathIs404AndFailedSnapshotIs503() throws Exception {
    server =
        AdminServer.start(
            LOOPBACK_ANY_PORT,
            () -> CompletableFuture.failedFuture(new IllegalStateException("router stopped")),
            registry);

    assertThat(get("/").statusCode()).isEqualTo(404);
    assertThat(get("/status/extra").statusCode()).isEqualTo(404);
    assertThat(get("/status").statusCode()).isEqualTo(503);
  }

  @Test
  void statusCommandPrettyPrintsTheDocument() throws Exception {
    server =
        AdminServer.start(
            LOOPBACK_ANY_PORT,
            () -> CompletableFuture.completedFuture(StatusJsonTest.fixedStatus()),
            registry);

    CliRun run = CliRun.of("status", "--admin", HostPort.format(server.address()));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("\"publicKey\" : \"" + StatusJsonTest.A + "\"");
    assertThat(StatusJson.MAPPER.readTree(run.out())).isEqualTo(expectedJson());
  }

  @Test
  void statusCommandExplainsAnUnreachableNode() {
    server =
        AdminServer.start(
            LOOPBACK_ANY_PORT,
            () -> CompletableFuture.completedFuture(StatusJsonTest.fixedStatus()),
            registry);
    String address = HostPort.format(server.address());
    server.close();
    server = null;

    CliRun run = CliRun.of("status", "--admin", address);

    assertThat(run.exitCode()).isEqualTo(Conifer.EXIT_FAILURE);
    assertThat(run.err()).contains("cannot reach").doesNotContain("\tat ");
  }

  @Test
  void portInUseIsAUserError() {
    server =
        AdminServer.start(
            LOOPBACK_ANY_PORT,
            () -> CompletableFuture.completedFuture(StatusJsonTest.fixedStatus()),
            registry);

    assertThatThrownBy(() -> AdminServer.start(server.address(), null, registry))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("--admin: cannot bind " + HostPort.format(server.address()));
  }
}
