package dev.conifer.bench.chain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JDK's {@code profile.jfc} with method sampling every 1 ms instead of 10/20 ms: a relay gets a
 * fraction of a core on a loaded 2-core machine, and 10 ms sampling left too few samples.
 */
final class JfrSettings {
  private JfrSettings() {}

  static Path write(Path dir) throws IOException {
    Path source = Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc");
    String settings =
        Files.readString(source)
            .replace(
                "control=\"method-sampling-java-interval\">10 ms<",
                "control=\"method-sampling-java-interval\">1 ms<")
            .replace(
                "control=\"method-sampling-native-interval\">20 ms<",
                "control=\"method-sampling-native-interval\">10 ms<");
    Path target = dir.resolve("relay-profile.jfc");
    Files.writeString(target, settings);
    return target;
  }
}
