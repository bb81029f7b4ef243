package dev.conifer.node.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What a running daemon tells CLI commands about itself, in {@code conifer.daemon.json} in its data
 * directory while it runs: its process id, its admin address ({@code HOST:PORT}, null with {@code
 * --admin off}) and the file holding the control token.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DaemonRecord(long pid, String admin, String tokenFile, long startedAtMs) {
  public static final String FILE_NAME = "conifer.daemon.json";

  /** The record in {@code dir}, or null if there is none. */
  public static DaemonRecord read(Path dir) throws IOException {
    try {
      return ControlRoutes.JSON.readValue(
          Files.readAllBytes(dir.resolve(FILE_NAME)), DaemonRecord.class);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Writes the record atomically: a reader sees the old file, no file, or the whole new one. */
  public void write(Path dir) throws IOException {
    Path temporary = dir.resolve(FILE_NAME + ".tmp");
    Files.write(temporary, ControlRoutes.JSON.writeValueAsBytes(this));
    Files.move(
        temporary,
        dir.resolve(FILE_NAME),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes the record in {@code dir}; true if there was one. */
  public static boolean delete(Path dir) throws IOException {
    return Files.deleteIfExists(dir.resolve(FILE_NAME));
  }
}
