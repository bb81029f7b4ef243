package dev.conifer.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.node.CliRun;
import dev.conifer.node.NodeConfig;
import dev.conifer.node.UserException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class NodeCommandTest {
  private static NodeConfig parse(String... args) {
    NodeCommand command = new NodeCommand();
    CommandLine cli = new CommandLine(command);
    cli.setPosixClusteredShortOptionsAllowed(false);
    cli.parseArgs(args);
    return command.toConfig();
  }

  @Test
  void theDoorwayIsOffByDefaultAndNeedsData() {
    assertThat(parse().doorway()).isNull();
    assertThatThrownBy(() -> parse("--doorway", "127.0.0.1:0"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("--doorway needs --data");
    NodeConfig config =
        parse("--doorway", "127.0.0.1:8080", "--data", "d", "--doorway-max-blob", "1000");
    assertThat(config.doorway().bind().getPort()).isEqualTo(8080);
    assertThat(config.doorway().blobLengthMax()).isEqualTo(1000);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--doorway-max-blob, -1",
    "--doorway-max-value, -1",
    "--doorway-max-keys, 0",
    "--doorway-workers, 0",
    "--doorway-queue, -1",
    "--doorway-connections, 0",
    "--doorway-rate, 0",
    "--doorway-rate, NaN",
    "--doorway-burst, 0",
    "--doorway-max-header, 100",
    "--doorway-holders, 0",
    "--doorway-request-timeout, 0s",
    "--doorway-write-timeout, soon",
    "--doorway-probe-timeout, -5s",
  })
  void aBadDoorwayLimitIsAnErrorNamingItsFlag(String flag, String value) {
    assertThatThrownBy(() -> parse("--doorway", "127.0.0.1:0", "--data", "d", flag, value))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith(flag + ": ");
  }

  @Test
  void mapsGoPineconeFlagsToUris() {
    NodeConfig config =
        parse("-listen", ":0", "-listenws", "127.0.0.1:8080", "-connect", "10.0.0.1:65432");

    assertThat(config.listen())
        .containsExactly(URI.create("tcp://0.0.0.0:0"), URI.create("ws://127.0.0.1:8080/"));
    assertThat(config.connect()).containsExactly(URI.create("tcp://10.0.0.1:65432"));
  }

  @Test
  void acceptsGoFlagsWithEqualsSign() {
    NodeConfig config = parse("-listen=127.0.0.1:0", "-connect=ws://example.org:80/ws");

    assertThat(config.listen()).containsExactly(URI.create("tcp://127.0.0.1:0"));
    assertThat(config.connect()).containsExactly(URI.create("ws://example.org:80/ws"));
  }

  @Test
  void relayOnlyTurnsSessionsBlobsAndSyncOff() {
    NodeConfig plain = parse("--data", "/tmp/conifer-relay-test");
    NodeConfig relay = parse("--data", "/tmp/conifer-relay-test", "--relay-only");

    assertThat(plain.sessions()).isTrue();
    assertThat(plain.data()).isNotNull();
    assertThat(relay.sessions()).isFalse();
    assertThat(relay.data()).isNull();
    assertThat(relay.echo()).isFalse();
  }

  @Test
  void goEmptyListenMeansOff() {
    assertThat(parse("-listen", "").listen()).isEmpty();
  }

  @Test
  void parsesLongOptionsRepeatedAndNormalisesBareHostPort() {
    NodeConfig config =
        parse(
            "--listen",
            "tcp://127.0.0.1:0",
            "--listen",
            "ws://[::1]:0/peer",
            "--connect",
            "127.0.0.1:7000",
            "--connect",
            "tcp://127.0.0.1:7001",
            "--echo");

    assertThat(config.listen())
        .containsExactly(URI.create("tcp://127.0.0.1:0"), URI.create("ws://[::1]:0/peer"));
    assertThat(config.connect())
        .containsExactly(URI.create("tcp://127.0.0.1:7000"), URI.create("tcp://127.0.0.1:7001"));
    assertThat(config.echo()).isTrue();
  }

  @Test
  void defaultsToNoListenerLoopbackAdminAndKeyInWorkingDirectory() {
    NodeConfig config = parse();

    assertThat(config.listen()).isEmpty();
    assertThat(config.connect()).isEmpty();
    assertThat(config.admin().getHostString()).isEqualTo("127.0.0.1");
    assertThat(config.admin().getPort()).isEqualTo(9797);
    assertThat(config.keyFile()).isEqualTo(Path.of("conifer.key"));
    assertThat(config.echo()).isFalse();
  }

  @Test
  void keyDefaultsIntoDataDirectoryAndKeyFlagWins() {
    assertThat(parse("--data", "/var/lib/conifer").keyFile())
        .isEqualTo(Path.of("/var/lib/conifer/conifer.key"));
    assertThat(parse("--data", "/d", "--key", "/k/id.key").keyFile())
        .isEqualTo(Path.of("/k/id.key"));
  }

  @Test
  void adminOffDisablesTheAdminServer() {
    assertThat(parse("--admin", "off").admin()).isNull();
  }

  @Test
  void refusesConnectToPortZero() {
    assertThatThrownBy(() -> parse("--connect", "127.0.0.1:0"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("--connect")
        .hasMessageContaining("port 0");
  }

  @Test
  void refusesUnknownSchemesByName() {
    assertThatThrownBy(() -> parse("--connect", "quic://127.0.0.1:1/path"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("quic://")
        .hasMessageContaining("no path");
    assertThatThrownBy(() -> parse("--listen", "http://127.0.0.1:1"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("unsupported scheme 'http'");
  }

  @Test
  void refusesMalformedAddresses() {
    assertThatThrownBy(() -> parse("--admin", "localhost"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("--admin")
        .hasMessageContaining("HOST:PORT");
    assertThatThrownBy(() -> parse("-listen", "127.0.0.1:99999"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("-listen")
        .hasMessageContaining("0..65535");
    assertThatThrownBy(() -> parse("--listen", "tcp://127.0.0.1:x"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("not a number");
  }

  @Test
  void malformedKeyFileStopsTheNodeWithAOneLineMessage(@TempDir Path dir) throws IOException {
    Path key = dir.resolve("bad.key");
    Files.writeString(key, "not a key");
    Path data = dir.resolve("data/dir");

    CliRun run =
        CliRun.of("node", "--data", data.toString(), "--key", key.toString(), "--admin", "off");

    assertThat(run.exitCode()).isEqualTo(Conifer.EXIT_FAILURE);
    assertThat(run.err().strip())
        .isEqualTo(
            "conifer node: malformed key file "
                + key
                + ": expected 64 hex characters (a 32-byte Ed25519 seed), found 9 characters");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
        .isEqualTo("rwx------");
  }

  @Test
  void multicastIsOffByDefaultAndTakesAnOptionalInterfaceFilter() {
    assertThat(parse().multicast()).isNull();
    assertThat(parse("--multicast").multicast()).isEmpty();
    assertThat(parse("--multicast", "eth0,wl*").multicast()).isEqualTo("eth0,wl*");
  }

  @Test
  void acceptsQuicAndBluetoothUris() {
    NodeConfig config =
        parse(
            "--listen",
            "quic://127.0.0.1:0",
            "--connect",
            "quic://127.0.0.1:7000",
            "--connect",
            "bt://00:11:22:33:44:55");
    assertThat(config.listen()).containsExactly(URI.create("quic://127.0.0.1:0"));
    assertThat(config.connect()).hasSize(2);
    assertThat(config.connect().get(0)).isEqualTo(URI.create("quic://127.0.0.1:7000"));
    assertThat(config.connect().get(1).getScheme()).isEqualTo("bt");
  }
}
