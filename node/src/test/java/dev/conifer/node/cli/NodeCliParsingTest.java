package dev.conifer.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.node.CliRun;
import dev.conifer.node.UserException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Parsing of the blobs, sync, nc and demo commands (nothing runs). */
class NodeCliParsingTest {
  private static Object leaf(String... args) {
    ParseResult result = Conifer.commandLine().parseArgs(args);
    while (result.hasSubcommand()) {
      result = result.subcommand();
    }
    return result.commandSpec().userObject();
  }

  @Test
  void helpListsTheNewCommands() {
    CliRun run = CliRun.of("--help");

    assertThat(run.out()).contains("blobs", "sync", "nc", "demo");
  }

  @Test
  void blobsGetTakesRepeatedFromAndAnOutputFile() {
    String key = "ab".repeat(32);
    BlobsCommand.Get get =
        (BlobsCommand.Get)
            leaf(
                "blobs",
                "get",
                "cd".repeat(32),
                "--from",
                key,
                "--from",
                key,
                "-o",
                "out.bin",
                "--connect",
                "127.0.0.1:1",
                "--data",
                "d");

    assertThat(get.from).containsExactly(key, key);
    assertThat(get.output).isEqualTo(Path.of("out.bin"));
    assertThat(get.connect).isEqualTo("127.0.0.1:1");
    assertThat(get.options.data).isEqualTo(Path.of("d"));
  }

  @Test
  void blobsGetWithoutOutputIsAUsageError() {
    CliRun run = CliRun.of("blobs", "get", "cd".repeat(32));

    assertThat(run.exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(run.err()).contains("-o");
  }

  @Test
  void blobsFromWithoutConnectIsAFailure(@org.junit.jupiter.api.io.TempDir Path data) {
    CliRun run =
        CliRun.of(
            "blobs",
            "get",
            "cd".repeat(32),
            "--from",
            "ab".repeat(32),
            "-o",
            "x",
            "--data",
            data.toString());

    assertThat(run.exitCode()).isEqualTo(Conifer.EXIT_FAILURE);
    assertThat(run.err()).contains("--from needs --connect");
  }

  @Test
  void badBlobHashNamesTheArgument(@org.junit.jupiter.api.io.TempDir Path data) {
    CliRun run = CliRun.of("blobs", "pin", "zz", "--data", data.toString());

    assertThat(run.exitCode()).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(run.err()).contains("HASH:");
  }

  @Test
  void syncPutTakesValueOrFileAndMerge() {
    SyncCommand.Put put = (SyncCommand.Put) leaf("sync", "put", "ns", "k", "v", "--merge");
    assertThat(List.of(put.ns, put.key, put.text)).containsExactly("ns", "k", "v");
    assertThat(put.merge).isTrue();

    SyncCommand.Put fromFile = (SyncCommand.Put) leaf("sync", "put", "ns", "k", "--file", "f");
    assertThat(fromFile.text).isNull();
    assertThat(fromFile.file).isEqualTo(Path.of("f"));
  }

  @Test
  void syncNsCreateAndLsDefaults() {
    SyncCommand.NsCreate create =
        (SyncCommand.NsCreate) leaf("sync", "ns", "create", "x", "--lazy");
    assertThat(create.lazy).isTrue();

    SyncCommand.Ls ls = (SyncCommand.Ls) leaf("sync", "ls", "x");
    assertThat(ls.prefix).isEmpty();
  }

  @Test
  void ncListensOrDials() {
    NcCommand listen = (NcCommand) leaf("nc", "--listen", "--alpn", "chat/1", "--connect", "h:1");
    assertThat(listen.targetKey()).isNull();
    assertThat(listen.alpn).isEqualTo("chat/1");

    String key = "ab".repeat(32);
    NcCommand dial = (NcCommand) leaf("nc", key, "--alpn", "chat/1");
    assertThat(dial.targetKey().toHex()).isEqualTo(key);
  }

  @Test
  void ncNeedsExactlyOneOfListenAndKey() {
    NcCommand neither = (NcCommand) leaf("nc", "--alpn", "x");
    assertThatThrownBy(neither::targetKey).isInstanceOf(UserException.class);

    NcCommand both = (NcCommand) leaf("nc", "--listen", "ab".repeat(32), "--alpn", "x");
    assertThatThrownBy(both::targetKey).isInstanceOf(UserException.class);

    assertThatThrownBy(() -> Conifer.commandLine().parseArgs("nc", "--listen"))
        .isInstanceOf(CommandLine.MissingParameterException.class);
  }

  @Test
  void demoFamilyTakesKeepDirAndNoBrowser() {
    DemoCommand.Family family =
        (DemoCommand.Family) leaf("demo", "family", "--keep", "--dir", "/tmp/x", "--no-browser");
    assertThat(family.keep).isTrue();
    assertThat(family.dir).isEqualTo(java.nio.file.Path.of("/tmp/x"));
    assertThat(family.noBrowser).isTrue();
    DemoCommand.Family plain = (DemoCommand.Family) leaf("demo", "family");
    assertThat(plain.keep).isFalse();
    assertThat(plain.dir).isNull();
  }

  @Test
  void verboseIsOneInheritedFlagThatNcReadsToo() {
    for (String[] args :
        new String[][] {
          {"nc", "-v", "--alpn", "x", "--listen"}, {"ping", "--verbose", "--connect", "h:1", "00"}
        }) {
      Conifer root = new Conifer();
      Conifer.commandLine(root).parseArgs(args);
      assertThat(root.verbose).as(String.join(" ", args)).isTrue();
    }
    Conifer quiet = new Conifer();
    Conifer.commandLine(quiet).parseArgs("nc", "--alpn", "x", "--listen");
    assertThat(quiet.verbose).isFalse();
  }
}
