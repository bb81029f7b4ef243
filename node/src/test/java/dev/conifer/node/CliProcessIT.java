package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conifer.node.admin.StatusJson;
import dev.conifer.node.cli.Conifer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 items 1, 5 and 7 with the real jar: results on stdout and nothing on stderr, exit codes
 * as docs/NODE.md says, {@code --key DIR/} refused, {@code --help} naming every scheme, {@code
 * --config} and {@code --print-config}, Go's {@code -manhole} and {@code GET /manhole}.
 */
@Tag("loopback")
@Timeout(180)
class CliProcessIT {
  private static final Duration START_DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dir;
  private ConiferJar conifer;
  private final List<NodeProcess> nodes = new ArrayList<>();

  @BeforeEach
  void copyJar() throws Exception {
    conifer = ConiferJar.copyTo(dir);
  }

  @AfterEach
  void killNodes() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.kill();
    }
  }

  @Test
  void pingAndBlobsGetPrintOnlyTheirResult() throws Exception {
    NodeProcess echo =
        conifer.start(
            "echo", List.of("node", "--echo", "--admin", "off", "--listen", "tcp://127.0.0.1:0"));
    nodes.add(echo);
    String key = echo.waitForLine("public-key", START_DEADLINE);
    String listen = echo.waitForLine("listening", START_DEADLINE);

    CliRun ping = conifer.run("ping", "--connect", listen, "--count", "20", key);
    assertThat(ping.exitCode()).as(ping.err()).isZero();
    assertThat(ping.out()).startsWith("sent=20 received=20 lost=0").hasLineCount(1);
    assertThat(ping.err()).isEmpty();

    CliRun verbose = conifer.run("ping", "-v", "--connect", listen, "--count", "5", key);
    assertThat(verbose.exitCode()).isZero();
    assertThat(verbose.err()).contains(" INFO ");

    Path data = dir.resolve("data");
    Path file = Files.writeString(dir.resolve("hello.txt"), "hello\n");
    CliRun add = conifer.run("blobs", "add", "--data", data.toString(), file.toString());
    assertThat(add.err()).isEmpty();
    String hash = add.out().strip();
    Path out = dir.resolve("out.txt");
    CliRun get = conifer.run("blobs", "get", "--data", data.toString(), hash, "-o", out.toString());
    assertThat(get.exitCode()).as(get.err()).isZero();
    assertThat(get.out()).isEqualTo("fetched " + hash + " 6 bytes to " + out + "\n");
    assertThat(get.err()).isEmpty();
    assertThat(Files.readString(out)).isEqualTo("hello\n");
  }

  @Test
  void ncPrintsNoLogLines() throws Exception {
    NodeProcess relay =
        conifer.start(
            "relay",
            List.of("node", "--relay-only", "--admin", "off", "--listen", "tcp://127.0.0.1:0"));
    nodes.add(relay);
    String listen = relay.waitForLine("listening", START_DEADLINE);
    NodeProcess listener =
        conifer.start(
            "nc-listen",
            List.of(
                "nc", "--listen", "--alpn", "t", "--connect", listen, "--accept-timeout", "60s"));
    nodes.add(listener);
    await().atMost(START_DEADLINE).until(() -> listener.logLinesWith("listening on ") == 1);
    String key =
        listener.log().strip().substring("listening on ".length(), "listening on ".length() + 64);

    CliRun dial = conifer.run("nc", key, "--alpn", "t", "--connect", listen);

    assertThat(dial.exitCode()).as(dial.err()).isZero();
    assertThat(dial.err()).isEmpty();
    listener.awaitOutput(START_DEADLINE);
    assertThat(listener.exitCode()).isZero();
    assertThat(listener.log().lines())
        .allMatch(line -> line.startsWith("listening on ") || line.startsWith("connection from "));
  }

  @Test
  void exitCodesKeyDirectoriesAndHelp() throws Exception {
    CliRun unparsable = conifer.run("node", "--admin", "localhost");
    assertThat(unparsable.exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(unparsable.err())
        .startsWith("conifer node: --admin: expected HOST:PORT, got 'localhost'");

    CliRun unreachable = conifer.run("status", "--admin", "127.0.0.1:1");
    assertThat(unreachable.exitCode()).isEqualTo(Conifer.EXIT_FAILURE);

    Path keyDir = dir.resolve("keys");
    CliRun directory = conifer.run("node", "--admin", "off", "--key", keyDir + "/");
    assertThat(directory.exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(directory.err()).contains("is a directory");
    assertThat(keyDir).doesNotExist();

    CliRun help = conifer.run("node", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("quic://").contains("wss://").contains("bt://");
  }

  @Test
  void nodeRunsFromAConfigFileAndServesTheManholeWithGosFlag() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("conifer.toml"),
            """
            # from a file, as docs/OPERATIONS.md shows
            listen = ["tcp://127.0.0.1:0"]
            admin = "127.0.0.1:0"
            relay-only = true
            """);

    CliRun printed = conifer.run("node", "--config", config.toString(), "--print-config");
    assertThat(printed.exitCode()).as(printed.err()).isZero();
    assertThat(printed.out())
        .contains("listen = ['tcp://127.0.0.1:0']")
        .contains("relay-only = true");

    NodeProcess node =
        conifer.start(
            "configured",
            List.of("node", "--config", config.toString(), "-manhole", "--key", dir + "/n.key"));
    nodes.add(node);
    String key = node.waitForLine("public-key", START_DEADLINE);
    assertThat(node.waitForLine("listening", START_DEADLINE)).startsWith("tcp://127.0.0.1:");
    String admin = node.waitForLine("admin", START_DEADLINE);

    HttpResponse<String> manhole =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(admin + "/manhole"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(manhole.statusCode()).isEqualTo(200);
    JsonNode json = StatusJson.MAPPER.readTree(manhole.body());
    assertThat(json.get("public_key").asText()).isEqualTo(key);
    assertThat(json.at("/root/root_public_key").asText()).isEqualTo(key); // alone: its own root
    assertThat(json.has("coords") && json.has("parent") && json.has("peers")).isTrue();
    assertThat(json.at("/snek/paths").isArray()).isTrue();

    Path typo = Files.writeString(dir.resolve("typo.toml"), "admin = \"off\"\nlisten_on = []\n");
    CliRun refused = conifer.run("node", "--config", typo.toString());
    assertThat(refused.exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(refused.err()).contains("line 2: unknown key 'listen_on'");
  }
}
