package dev.conifer.node.cli;

import dev.conifer.node.demo.FamilyDemo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code conifer demo}: self-contained demonstrations that need no network. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Self-contained demonstrations (no network needed).",
    subcommands = DemoCommand.Family.class)
public final class DemoCommand implements Runnable {
  @Spec CommandSpec spec;

  public DemoCommand() {}

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  /** {@code conifer demo family}: the sync family scenario, in memory, with a narrated outcome. */
  @Command(
      name = "family",
      mixinStandardHelpOptions = true,
      description =
          "Several family devices edit shared namespaces offline and converge through sync."
              + " Exits 0 if everything converged.")
  static final class Family implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--seed",
        paramLabel = "N",
        defaultValue = "1",
        description = "Seed for the scenario's random choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
      Path dir = Files.createTempDirectory("conifer-family");
      spec.commandLine().getOut().flush();
      PrintStream out = new PrintStream(Conifer.of(spec).stdout(), true, StandardCharsets.UTF_8);
      try {
        return FamilyDemo.run(dir, out, seed);
      } finally {
        out.flush();
        deleteTree(dir);
      }
    }

    private static void deleteTree(Path dir) throws IOException {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
