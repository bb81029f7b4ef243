package dev.conifer.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code sync}, {@code sync ns}, {@code blobs}...): it has
 * {@code --help}/{@code --version}, and run without a subcommand it is a usage error.
 */
@Command(mixinStandardHelpOptions = true)
abstract class CommandGroup implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public final void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand");
  }
}
