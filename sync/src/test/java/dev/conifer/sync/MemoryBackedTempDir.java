package dev.conifer.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories on /dev/shm where it exists: property tests open hundreds of SQLite
 * databases with synchronous=FULL, and fsync on a shared disk would make them take minutes. The
 * durability itself is tested elsewhere ({@code CrashRecoveryTest}, on the normal temp dir).
 */
public final class MemoryBackedTempDir implements TempDirFactory {
  @Override
  public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension)
      throws IOException {
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      return Files.createTempDirectory(shm, "conifer-test-");
    }
    return Files.createTempDirectory("conifer-test-");
  }
}
