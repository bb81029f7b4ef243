package dev.conifer.node;

import dev.conifer.node.cli.Conifer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs the {@code conifer} command line in-process and captures what it prints. {@code out} and
 * {@code err} hold the text writers' output followed by anything written to the raw byte streams
 * (binary output such as {@code sync get}, and {@code nc}'s diagnostics).
 */
public record CliRun(int exitCode, String out, String err) {
  public static CliRun of(String... args) {
    return withInput(new ByteArrayInputStream(new byte[0]), args);
  }

  static CliRun withInput(InputStream stdin, String... args) {
    return with(stdin, new ByteArrayOutputStream(), new ByteArrayOutputStream(), args);
  }

  /** Runs with the given raw streams, which a test may watch while the command runs. */
  public static CliRun with(
      InputStream stdin,
      ByteArrayOutputStream stdout,
      ByteArrayOutputStream stderr,
      String... args) {
    CommandLine cli =
        Conifer.commandLine(
            new Conifer(stdin, stdout, new PrintStream(stderr, true, StandardCharsets.UTF_8)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new CliRun(
        exitCode,
        out + stdout.toString(StandardCharsets.UTF_8),
        err + stderr.toString(StandardCharsets.UTF_8));
  }
}
