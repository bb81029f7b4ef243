package dev.conifer.node;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code conifer} command line in-process and captures what it prints. */
record CliRun(int exitCode, String out, String err) {
  static CliRun of(String... args) {
    CommandLine cli = Conifer.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }
}
