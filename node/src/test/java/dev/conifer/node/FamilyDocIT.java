package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/FAMILY.md "The same by hand", followed literally: every {@code sh} block is pasted, in
 * order, into one bash session running in a directory laid out like a checkout (the {@code
 * ./conifer} launcher, the built jar, the pictures the page names), and every line of the {@code
 * output} block after it must be in what the block printed (see {@link DocWalkthrough}). The test
 * sets only {@code FAMILY}, the directory the page's first line defaults to {@code /tmp/family},
 * and {@code FAMILY_START_WAIT}, the page's bound on a node's start-up (60 s for a reader), to the
 * block deadline: a loaded test machine may start five JVMs more slowly than that.
 */
@Tag("loopback")
@Tag("browser")
@Timeout(1200)
class FamilyDocIT {
  private static final Path DOC = Path.of("..", "docs", "FAMILY.md");
  private static final Duration BLOCK_DEADLINE = Duration.ofSeconds(300);

  @TempDir Path dir;

  @Test
  void theByHandWalkThroughWorksWhenFollowedLiterally() throws Exception {
    HeadlessChromium.find(); // skips (or fails under CI=true) without a browser
    DocWalkthrough walk = DocWalkthrough.read(DOC, "The same by hand");
    assertThat(walk.blocks()).as("sh blocks in FAMILY.md").hasSizeGreaterThan(8);
    Path checkout = checkout();
    Path family = dir.resolve("family");
    StringBuilder transcript = new StringBuilder();
    try (BashSession bash =
        BashSession.start(
            checkout,
            Map.of(
                "FAMILY",
                family.toString(),
                "FAMILY_START_WAIT",
                Long.toString(BLOCK_DEADLINE.toSeconds())),
            dir.resolve("blocks"))) {
      for (DocWalkthrough.Block block : walk.blocks()) {
        long t0 = System.nanoTime();
        BashSession.Result r = bash.run(block.commands(), BLOCK_DEADLINE);
        transcript
            .append(String.format("%n--- block %d (%.1f s)%n", block.number(), secs(t0)))
            .append(block.commands())
            .append("--- printed:\n")
            .append(String.join("\n", r.output()))
            .append('\n');
        System.out.print(transcript.substring(transcript.lastIndexOf("\n--- block")));
        String why = transcript + logs(family);
        assertThat(r.finished()).as("block %d: %s%s", block.number(), r.why(), why).isTrue();
        assertThat(block.unmatched(r.output()))
            .as("block %d: lines FAMILY.md shows that it did not print%s", block.number(), why)
            .isEmpty();
      }
    }
  }

  /** The launcher, the jar where it looks for it, and the files the page names. */
  private Path checkout() throws IOException {
    ConiferJar jar = ConiferJar.copyTo(dir);
    Path root = dir.resolve("checkout");
    Files.createDirectories(root.resolve("node/target"));
    Files.copy(jar.path(), root.resolve("node/target/conifer.jar"));
    Path launcher = Files.copy(Path.of("..", "conifer"), root.resolve("conifer"));
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    // The launcher starts `conifer node` with the JVM options of this file, as in a clone.
    Path options = Path.of("..", "packaging", "node.jvm-options");
    Files.createDirectories(root.resolve("packaging"));
    Files.copy(options, root.resolve("packaging/node.jvm-options"));
    Path pictures = Files.createDirectories(root.resolve("node/src/test/resources/doorway"));
    for (String f : List.of("picture.png", "clip.webm")) {
      Files.copy(Path.of("src/test/resources/doorway", f), pictures.resolve(f));
    }
    return root;
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static String logs(Path family) {
    StringBuilder s = new StringBuilder();
    if (!Files.isDirectory(family)) {
      return "";
    }
    try (var files = Files.list(family)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".log"))::iterator) {
        String text = Files.readString(f);
        s.append("\n--- ").append(f.getFileName()).append(" (end)\n");
        s.append(text.length() > 2000 ? text.substring(text.length() - 2000) : text);
      }
    } catch (IOException e) {
      s.append("\n(logs unreadable: ").append(e).append(')');
    }
    return s.toString();
  }
}
