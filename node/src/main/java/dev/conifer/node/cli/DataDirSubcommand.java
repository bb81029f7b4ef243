package dev.conifer.node.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code blobs} and {@code sync} subcommand shares: {@code --help}/{@code --version},
 * the data directory's {@code --data}/{@code --key} options, and printing its result on stdout.
 */
@Command(mixinStandardHelpOptions = true)
abstract class DataDirSubcommand {
  @Spec CommandSpec spec;
  @Mixin DataDirOptions options;

  /** Prints {@code text} on stdout as whole lines: a newline is added where it lacks one. */
  final void print(String text) {
    PrintWriter out = spec.commandLine().getOut();
    out.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
    out.flush();
  }
}
