package dev.conifer.node.cli;

import dev.conifer.node.UserException;
import dev.conifer.node.demo.FamilyDemo;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code conifer demo}: demonstrations that run on this machine alone (loopback only). */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Demonstrations that run on this machine alone (loopback only).",
    subcommands = DemoCommand.Family.class)
public final class DemoCommand implements Runnable {
  @Spec CommandSpec spec;

  public DemoCommand() {}

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  /**
   * {@code conifer demo family}: five real nodes on loopback and the family's story
   * (docs/FAMILY.md).
   */
  @Command(
      name = "family",
      mixinStandardHelpOptions = true,
      description = {
        "Starts five 'conifer node' processes on loopback (home and grandparent always on, two"
            + " laptops, a phone), shares five learning paths, edits them offline, wipes a laptop"
            + " and reads a path in headless Chromium through the doorway, all with the commands"
            + " of docs/FAMILY.md.",
        "Exits 0 only if every check held."
      })
  static final class Family implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--keep",
        description = "Leave the nodes running (and their data) for you to explore.")
    boolean keep;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description =
            "An empty directory for the nodes' data and logs (default: a new temporary one).")
    Path dir;

    @Option(
        names = "--no-browser",
        description =
            "Skip the browser check (no Chromium needed); the result names it as skipped.")
    boolean noBrowser;

    @Override
    public Integer call() throws InterruptedException {
      spec.commandLine().getOut().flush();
      PrintStream out = new PrintStream(Conifer.of(spec).stdout(), true, StandardCharsets.UTF_8);
      try {
        return FamilyDemo.run(new FamilyDemo.Options(dir, keep, noBrowser), out);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage(), e);
      } finally {
        out.flush();
      }
    }
  }
}
