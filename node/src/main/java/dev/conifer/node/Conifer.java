package dev.conifer.node;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code conifer} command line (DESIGN.md, "The command line"). Exit codes: 0 success, 1 a
 * failure the message explains ({@link UserException}, or a ping with no replies), 2 a usage error,
 * 70 an internal error (printed with its stack trace).
 */
@Command(
    name = "conifer",
    mixinStandardHelpOptions = true,
    version = "conifer 0.1.0-SNAPSHOT (SNEK wire protocol v1, compatible with Go Pinecone)",
    description = "An overlay network node that routes by public key (SNEK).",
    subcommands = {
      NodeCommand.class,
      PingCommand.class,
      StatusCommand.class,
      KeygenCommand.class,
      SimCommand.class,
      ConformanceCommand.class,
      BlobsCommand.class,
      SyncCommand.class,
      NcCommand.class,
      DemoCommand.class
    })
public final class Conifer implements Runnable {
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_INTERNAL = 70;

  @Spec CommandSpec spec;

  private final InputStream stdin;
  private final OutputStream stdout;
  private final PrintStream stderr;

  public Conifer() {
    this(System.in, System.out, System.err);
  }

  /** Byte streams for commands that pipe data ({@code nc}, {@code sync get}); tests swap them. */
  Conifer(InputStream stdin, OutputStream stdout, PrintStream stderr) {
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** The root command of {@code spec}'s command line, for its byte streams. */
  static Conifer of(CommandSpec spec) {
    return (Conifer) spec.root().userObject();
  }

  InputStream stdin() {
    return stdin;
  }

  /** Raw stdout for binary output; flush the command line's writer first. */
  OutputStream stdout() {
    return stdout;
  }

  PrintStream stderr() {
    return stderr;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests swap its out and err writers. */
  public static CommandLine commandLine() {
    return commandLine(new Conifer());
  }

  static CommandLine commandLine(Conifer root) {
    CommandLine cli = new CommandLine(root);
    // Go's flags are single-dash words (-listen); never read them as clustered short options.
    cli.setPosixClusteredShortOptionsAllowed(false);
    cli.setParameterExceptionHandler(Conifer::handleUsageError);
    cli.setExecutionExceptionHandler(
        (error, commandLine, parseResult) -> handleFailure(error, commandLine));
    return cli;
  }

  private static int handleUsageError(ParameterException error, String[] args) {
    CommandLine cli = error.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println(cli.getColorScheme().errorText(qualifiedName(cli) + ": " + error.getMessage()));
    err.println("Try '" + qualifiedName(cli) + " --help' for more information.");
    return EXIT_USAGE;
  }

  private static int handleFailure(Exception error, CommandLine cli) {
    PrintWriter err = cli.getErr();
    if (error instanceof UserException) {
      err.println(qualifiedName(cli) + ": " + error.getMessage());
      return EXIT_FAILURE;
    }
    if (error instanceof ParameterException parameterError) {
      return handleUsageError(parameterError, new String[0]);
    }
    err.println(qualifiedName(cli) + ": internal error (please report it):");
    error.printStackTrace(err);
    return EXIT_INTERNAL;
  }

  private static String qualifiedName(CommandLine cli) {
    return cli.getCommandSpec().qualifiedName();
  }
}
