package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conifer.node.cli.Conifer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 items 4 and 6 as a person uses them: {@code conifer sync put --merge}, {@code get} (a
 * document as JSON, {@code --raw}), {@code rm} (one key and {@code --prefix}) and {@code why}, each
 * a separate {@code conifer} JVM on one data directory. Runs a private copy of {@code
 * target/conifer.jar}; without the jar it is skipped.
 */
@Timeout(180)
class SyncCliProcessIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir static Path jarDir;
  private static Path jar;

  @TempDir Path dir;
  private int runCount;

  /** One finished {@code conifer} process. */
  private record Run(int exitCode, String out, String err) {}

  @BeforeAll
  static void copyJar() throws IOException {
    Path built = Path.of("target", "conifer.jar");
    assumeTrue(
        Files.isRegularFile(built),
        "target/conifer.jar is missing: build it first with"
            + " mvn -o -q -B -DskipTests package -pl node");
    jar = Files.copy(built, jarDir.resolve("conifer.jar"));
    try (JarFile complete = new JarFile(jar.toFile())) {
      assertThat(complete.getManifest()).isNotNull();
    }
  }

  private Run sync(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("sync"));
    all.addAll(List.of(args));
    all.addAll(List.of("--data", dir.resolve("data").toString()));
    String name = "sync-" + runCount++;
    NodeProcess p = NodeProcess.start(jar, dir, name, all);
    String out = p.awaitOutput(DEADLINE);
    return new Run(p.exitCode(), out, p.log());
  }

  @Test
  void documentsAndDeletesThroughTheCli() throws Exception {
    assertThat(sync("ns", "create", "family").exitCode()).isZero();

    Run merged = sync("put", "family", "paths/soil", "--merge", "{\"title\":\"soil\",\"level\":1}");
    assertThat(merged.exitCode()).as(merged.err()).isZero();
    assertThat(merged.out()).startsWith("merged 2 fields into document paths/soil");
    Run edited = sync("put", "family", "paths/soil", "--merge", "{\"level\":2}");
    assertThat(edited.exitCode()).as(edited.err()).isZero();

    Run json = sync("get", "family", "paths/soil");
    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(json.out().strip())
        .startsWith("{")
        .contains("\"title\":\"soil\"")
        .contains("\"level\":2");
    Run raw = sync("get", "family", "paths/soil", "--raw");
    assertThat(raw.exitCode()).isZero();
    assertThat(raw.out()).doesNotContain("\"title\"");

    Run notAnObject = sync("put", "family", "paths/x", "--merge", "[1,2]");
    assertThat(notAnObject.exitCode()).isEqualTo(Conifer.EXIT_FAILURE);
    assertThat(notAnObject.err()).contains("--merge needs a JSON object").doesNotContain("\tat ");

    assertThat(sync("put", "family", "notes/a", "A").exitCode()).isZero();
    assertThat(sync("put", "family", "notes/b", "B").exitCode()).isZero();
    Run rm = sync("rm", "family", "notes/a");
    assertThat(rm.exitCode()).as(rm.err()).isZero();
    assertThat(rm.out()).startsWith("deleted notes/a (tombstone entry ");
    Run gone = sync("get", "family", "notes/a");
    assertThat(gone.exitCode()).isEqualTo(Conifer.EXIT_FAILURE);
    assertThat(gone.err()).contains("no value for notes/a").contains("deleted");
    Run why = sync("why", "family", "notes/a");
    assertThat(why.out()).contains("deleted by tombstone").contains("deleted by a newer tombstone");

    Run rmPrefix = sync("rm", "family", "--prefix", "paths/");
    assertThat(rmPrefix.exitCode()).as(rmPrefix.err()).isZero();
    assertThat(rmPrefix.out()).startsWith("deleted 1 keys under 'paths/'");
    Run ls = sync("ls", "family");
    assertThat(ls.out().lines()).hasSize(1);
    assertThat(ls.out()).startsWith("notes/b\t");
    Run status = sync("status");
    assertThat(status.out()).contains("content released to the blob store's cache: 3");

    Run missing = sync("rm", "family", "never-written");
    assertThat(missing.exitCode()).isEqualTo(Conifer.EXIT_FAILURE);
    assertThat(missing.err()).contains("no value for never-written");
  }
}
