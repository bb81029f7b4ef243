package dev.conifer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The examples import Conifer only through the facade: the embed package and the few types its
 * methods return (keys, blob hashes, session streams).
 */
class ExamplesUseOnlyTheFacadeTest {
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?(dev\\.conifer\\.[\\w.]+);", Pattern.MULTILINE);
  private static final Set<String> RETURNED_BY_THE_FACADE =
      Set.of(
          "dev.conifer.snek.wire.PublicKey",
          "dev.conifer.transfer.hash.BlobHash",
          "dev.conifer.transfer.fetch.FetchResult",
          "dev.conifer.session.SessionStream",
          "dev.conifer.session.StreamHandler",
          "dev.conifer.sync.SyncNode");

  @Test
  void everyConiferImportIsTheFacadeOrATypeItReturns() throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
      sources = files.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertThat(sources).hasSizeGreaterThanOrEqualTo(3);
    for (Path source : sources) {
      Matcher m = IMPORT.matcher(Files.readString(source));
      while (m.find()) {
        String type = m.group(1);
        assertThat(type.startsWith("dev.conifer.embed.") || RETURNED_BY_THE_FACADE.contains(type))
            .as("%s imports %s", source, type)
            .isTrue();
      }
    }
  }
}
