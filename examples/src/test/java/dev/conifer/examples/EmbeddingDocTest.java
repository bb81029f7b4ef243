package dev.conifer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/EMBEDDING.md as a reader follows it: its first program is Hello.java verbatim (which
 * ExamplesRunTest runs), at most about 20 lines of code, and its Maven coordinates are embed's.
 */
class EmbeddingDocTest {
  private static final Path DOC = Path.of("..", "docs", "EMBEDDING.md");
  private static final Path HELLO =
      Path.of("src", "main", "java", "dev", "conifer", "examples", "Hello.java");

  @Test
  void theFirstProgramIsHelloJavaVerbatim() throws IOException {
    String hello = Files.readString(HELLO);

    assertThat(Files.readString(DOC)).contains("```java\n" + hello + "```\n");
    long code = hello.lines().filter(l -> !l.isBlank() && !l.startsWith("import")).count();
    assertThat(code).isLessThanOrEqualTo(20);
  }

  @Test
  void theCoordinatesAreEmbedsAtTheBuildsVersion() throws IOException {
    String parent = Files.readString(Path.of("..", "pom.xml"));
    Matcher version =
        Pattern.compile("<artifactId>conifer-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(parent);
    assertThat(version.find()).isTrue();
    String embedPom = Files.readString(Path.of("..", "embed", "pom.xml"));
    assertThat(embedPom).contains("<artifactId>embed</artifactId>");

    assertThat(Files.readString(DOC))
        .contains(
            "<groupId>dev.conifer</groupId>\n  <artifactId>embed</artifactId>\n  <version>"
                + version.group(1)
                + "</version>");
  }
}
