package dev.conifer.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code main} models only the subcommand it runs; help and typos still see every one. */
class LazySubcommandsTest {
  @Test
  void eachListedNameIsTheCommandsOwnName() {
    Conifer.SUBCOMMANDS.forEach(
        (name, type) -> assertThat(type.getAnnotation(Command.class).name()).isEqualTo(name));
  }

  @Test
  void aNamedSubcommandIsTheOnlyOneModelled() {
    CommandLine cli = Conifer.commandLine(new Conifer(), new String[] {"node", "--relay-only"});

    assertThat(cli.getSubcommands().keySet()).containsExactly("node");
    assertThat(cli.parseArgs("node", "--relay-only").subcommand().commandSpec().userObject())
        .isInstanceOf(NodeCommand.class);
  }

  @Test
  void withoutASubcommandNameAllAreModelledInHelpOrder() {
    CommandLine cli = Conifer.commandLine(new Conifer(), new String[] {"--help"});

    assertThat(cli.getSubcommands().keySet())
        .containsExactlyElementsOf(Conifer.SUBCOMMANDS.keySet());
  }

  @Test
  void anUnknownSubcommandIsAUsageErrorWithASuggestion() {
    StringWriter err = new StringWriter();
    CommandLine cli = Conifer.commandLine(new Conifer(), new String[] {"nodes"});
    cli.setErr(new PrintWriter(err));

    assertThat(cli.execute("nodes")).isEqualTo(Conifer.EXIT_USAGE);
    assertThat(err.toString()).contains("nodes").contains("node");
  }
}
