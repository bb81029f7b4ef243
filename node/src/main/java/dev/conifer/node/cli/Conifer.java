package dev.conifer.node.cli;

import dev.conifer.node.UserException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code conifer} command line (docs/NODE.md). Exit codes: 0 success, 1 a failure the message
 * explains ({@link UserException}, or a ping with no replies), 2 a usage error, 70 an internal
 * error (printed with its stack trace).
 */
@Command(
    name = "conifer",
    mixinStandardHelpOptions = true,
    version =
        "conifer " + Conifer.VERSION + " (SNEK wire protocol v1, compatible with Go Pinecone)",
    description = "An overlay network node that routes by public key (SNEK).")
public final class Conifer implements Runnable {
  /** This build's version, also in {@code conifer_build_info}. */
  public static final String VERSION = "0.1.0-SNAPSHOT";

  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_INTERNAL = 70;

  /**
   * The subcommands by name, in help order. {@link #main} adds only the one it runs: modelling
   * every command loads the classes of all of them (80 to 140 more per run, by {@code
   * -Xlog:class+load}), which a daemon keeps for its whole life and every CLI run pays to load.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> all = new LinkedHashMap<>();
    all.put("node", NodeCommand.class);
    all.put("ping", PingCommand.class);
    all.put("status", StatusCommand.class);
    all.put("peers", PeersCommand.class);
    all.put("keygen", KeygenCommand.class);
    all.put("key", KeyCommand.class);
    all.put("sim", SimCommand.class);
    all.put("conformance", ConformanceCommand.class);
    all.put("blobs", BlobsCommand.class);
    all.put("replicate", ReplicateCommand.class);
    all.put("sync", SyncCommand.class);
    all.put("nc", NcCommand.class);
    all.put("demo", DemoCommand.class);
    return Collections.unmodifiableMap(all);
  }

  @Spec CommandSpec spec;

  private final InputStream stdin;
  private final OutputStream stdout;
  private final PrintStream stderr;

  public Conifer() {
    this(System.in, System.out, System.err);
  }

  /** Byte streams for commands that pipe data ({@code nc}, {@code sync get}); tests swap them. */
  public Conifer(InputStream stdin, OutputStream stdout, PrintStream stderr) {
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

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description =
          "Log progress on stderr (nc: also the peer's key and the byte counts). Commands other"
              + " than 'node' log only warnings and errors without it, so stderr stays empty"
              + " unless something is wrong.")
  boolean verbose;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand");
  }

  public static void main(String[] args) {
    quietUnlessVerbose(args);
    System.exit(commandLine(new Conifer(), args).execute(args));
  }

  /**
   * A command's result goes to stdout and nothing to stderr unless it fails: below {@code node} (a
   * daemon, whose log is its operators' record) only warnings are logged, unless {@code -v} is
   * given or the JVM options set a level. Runs before the first logger is created.
   */
  static void quietUnlessVerbose(String[] args) {
    String level = "org.slf4j.simpleLogger.defaultLogLevel";
    boolean daemon = args.length > 0 && args[0].equals("node");
    boolean verbose = List.of(args).contains("-v") || List.of(args).contains("--verbose");
    if (!daemon && !verbose && System.getProperty(level) == null) {
      System.setProperty(level, "warn");
    }
  }

  /**
   * Runs {@code validation} of what the user typed: its {@link UserException} becomes a usage error
   * (exit 2), as for an option picocli itself cannot parse.
   */
  static <T> T validated(CommandSpec spec, Supplier<T> validation) {
    try {
      return validation.get();
    } catch (UserException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** The configured command line; tests swap its out and err writers. */
  public static CommandLine commandLine() {
    return commandLine(new Conifer());
  }

  public static CommandLine commandLine(Conifer root) {
    return commandLine(root, new String[0]);
  }

  /**
   * The command line for running {@code args}: when they start with a subcommand's name only that
   * subcommand is modelled; otherwise (help, a typo) all are, for the listing and suggestions.
   */
  static CommandLine commandLine(Conifer root, String[] args) {
    CommandLine cli = new CommandLine(root);
    Class<?> chosen = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
    if (chosen != null) {
      cli.addSubcommand(args[0], chosen);
    } else {
      SUBCOMMANDS.forEach(cli::addSubcommand);
    }
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
