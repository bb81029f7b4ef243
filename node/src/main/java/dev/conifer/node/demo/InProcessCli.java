package dev.conifer.node.demo;

import dev.conifer.node.cli.Conifer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Runs one {@code conifer} command line inside this JVM, exactly as {@code main} would parse and
 * execute it, and captures what it prints. The family demo drives its story with it: the commands
 * are the ones a person types, and those that find a daemon on {@code --data} go through its
 * control API as they would from a terminal, without a JVM start per command.
 */
final class InProcessCli {
  private InProcessCli() {}

  /** What one command printed and its exit code. */
  record Result(int exitCode, String out, String err) {}

  /** Runs {@code conifer args...} with empty stdin. */
  static Result run(String... args) {
    ByteArrayOutputStream rawOut = new ByteArrayOutputStream();
    ByteArrayOutputStream rawErr = new ByteArrayOutputStream();
    CommandLine cli =
        Conifer.commandLine(
            new Conifer(
                new ByteArrayInputStream(new byte[0]),
                rawOut,
                new PrintStream(rawErr, true, StandardCharsets.UTF_8)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(
        code,
        out + rawOut.toString(StandardCharsets.UTF_8),
        err + rawErr.toString(StandardCharsets.UTF_8));
  }
}
