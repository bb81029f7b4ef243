package dev.conifer.node.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conifer.node.HostPort;
import dev.conifer.node.UserException;
import dev.conifer.node.control.ControlClient;
import dev.conifer.node.control.ControlException;
import dev.conifer.node.control.ControlRoutes;
import dev.conifer.node.control.ControlToken;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The admin server's token rules, the control API's dispatch, and {@code /manhole}. */
@Tag("loopback")
@Timeout(30)
class AdminControlLoopbackTest {
  private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

  @TempDir Path dir;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ControlRoutes routes = new ControlRoutes();
  private AdminServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    routes.close();
    registry.close();
  }

  private ControlToken start(boolean tokenEverywhere) throws Exception {
    ControlToken token =
        ControlToken.loadOrCreate(dir.resolve(ControlToken.DEFAULT_NAME), new SecureRandom());
    routes
        .register("echo", request -> request)
        .register(
            "refuse",
            request -> {
              throw new ControlException(ControlException.CONFLICT, "not now");
            });
    server =
        AdminServer.start(
            LOOPBACK_ANY_PORT,
            new AdminServer.Services(
                () -> CompletableFuture.completedFuture(StatusJsonTest.fixedStatus()),
                registry,
                routes,
                token,
                tokenEverywhere));
    return token;
  }

  private HttpResponse<String> send(String method, String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://" + HostPort.format(server.address()) + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                method.equals("POST")
                    ? HttpRequest.BodyPublishers.ofString("{\"a\":1}")
                    : HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String tokenText(ControlToken token) throws Exception {
    return ControlToken.read(token.file());
  }

  @Test
  void tokenFileIsOwnerOnlyAndKeptAcrossRestarts() throws Exception {
    ControlToken token = start(false);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token.file())))
        .isEqualTo("rw-------");
    ControlToken again = ControlToken.loadOrCreate(token.file(), new SecureRandom());
    assertThat(tokenText(again)).isEqualTo(tokenText(token)).hasSize(64);
  }

  @Test
  void controlNeedsTheTokenEvenOnLoopbackButStatusDoesNot() throws Exception {
    ControlToken token = start(false);

    assertThat(send("POST", "/control/echo", null).statusCode()).isEqualTo(401);
    assertThat(send("POST", "/control/echo", "wrong").statusCode()).isEqualTo(401);
    HttpResponse<String> ok = send("POST", "/control/echo", tokenText(token));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("{\"a\":1}");
    assertThat(send("GET", "/status", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/metrics", null).body())
        .contains("conifer_admin_requests_total{outcome=\"unauthorized\",path=\"/control\"} 2.0")
        .contains("conifer_admin_requests_total{outcome=\"ok\",path=\"/control\"} 1.0");
  }

  @Test
  void offLoopbackEveryPathNeedsTheToken() throws Exception {
    ControlToken token = start(true); // what a non-loopback address implies

    for (String path : new String[] {"/status", "/metrics", "/manhole"}) {
      assertThat(send("GET", path, null).statusCode()).as(path).isEqualTo(401);
      assertThat(send("GET", path, tokenText(token)).statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void nonLoopbackAddressWithoutATokenIsRefused() {
    Assertions.assertThatThrownBy(
            () ->
                AdminServer.start(
                    new InetSocketAddress("0.0.0.0", 0),
                    new AdminServer.Services(
                        () -> CompletableFuture.completedFuture(StatusJsonTest.fixedStatus()),
                        registry,
                        null,
                        null,
                        false)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("needs a token");
  }

  @Test
  void controlClientReportsEndpointErrorsAndUnknownNames() throws Exception {
    ControlToken token = start(false);
    ControlClient client = new ControlClient(server.address(), tokenText(token), "the test node");

    assertThat(
            client.call("echo", ControlRoutes.JSON.createObjectNode().put("b", 2)).get("b").asInt())
        .isEqualTo(2);
    Assertions.assertThatThrownBy(
            () -> client.call("refuse", ControlRoutes.JSON.createObjectNode()))
        .isInstanceOf(UserException.class)
        .hasMessage("not now");
    Assertions.assertThatThrownBy(() -> client.call("nope", ControlRoutes.JSON.createObjectNode()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("no control endpoint 'nope'");
    Assertions.assertThatThrownBy(
            () ->
                new ControlClient(server.address(), null, "the test node")
                    .call("echo", ControlRoutes.JSON.createObjectNode()))
        .isInstanceOf(UserException.class);
  }

  @Test
  void manholeHasGoPineconesShape() throws Exception {
    start(false);
    HttpResponse<String> response = send("GET", "/manhole", null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode json = StatusJson.MAPPER.readTree(response.body());
    var status = StatusJsonTest.fixedStatus();
    assertThat(json.get("public_key").asText()).isEqualTo(status.publicKey());
    assertThat(json.get("coords").isArray()).isTrue();
    assertThat(json.at("/root/root_public_key").asText()).isEqualTo(status.root().publicKey());
    assertThat(json.at("/root/root_sequence").asLong()).isEqualTo(status.root().sequence());
    assertThat(json.has("parent")).isTrue();
    assertThat(json.get("snek").has("descending")).isTrue();
    var path = status.snake().paths().get(0);
    assertThat(json.at("/snek/paths/0/public_key").asText()).isEqualTo(path.originKey());
    assertThat(json.at("/snek/paths/0/source_port").asInt()).isEqualTo(path.sourcePort());
    assertThat(json.at("/snek/paths/0/destination_port").asInt()).isEqualTo(path.destinationPort());
    var peer = status.peers().get(0);
    assertThat(json.at("/peers/" + peer.publicKey() + "/0/port").asInt()).isEqualTo(peer.port());
  }
}
