package dev.conifer.node.cli;

import dev.conifer.node.KeyFile;
import dev.conifer.snek.crypto.Signer;
import java.nio.file.Path;
import java.security.SecureRandom;
import picocli.CommandLine.Option;

/**
 * {@code --data DIR} and {@code --key FILE} for commands that work on a node's data directory
 * ({@code blobs}, {@code sync}). Defaults match {@code conifer node}: the working directory.
 */
final class DataDirOptions {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "The node's data directory (default: the working directory).")
  Path data;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      converter = KeyPathConverter.class,
      description =
          "The node's key file, created if missing (default: conifer.key in --data, else in the"
              + " working directory).")
  Path key;

  Path dataDir() {
    Path dir = data == null ? Path.of("") : data;
    NodeCommand.createDataDirectory(dir.toAbsolutePath());
    return dir;
  }

  Signer signer() {
    Path file =
        key != null
            ? key
            : data == null ? Path.of(KeyFile.DEFAULT_NAME) : data.resolve(KeyFile.DEFAULT_NAME);
    return KeyFile.loadOrCreate(file, new SecureRandom());
  }
}
