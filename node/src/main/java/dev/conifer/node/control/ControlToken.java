package dev.conifer.node.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The admin server's bearer token: 32 random bytes in hex in a file created with mode 0600 (never
 * readable by others, not even briefly). Kept across restarts, so a Prometheus scrape config or a
 * script that reads it keeps working.
 */
public final class ControlToken {
  /** The token file's name inside the data directory. */
  public static final String DEFAULT_NAME = "control.token";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final int TOKEN_BYTES = 32;
  private static final long FILE_LENGTH_MAX = 1024;

  private final Path file;
  private final byte[] token;

  private ControlToken(Path file, String token) {
    this.file = file;
    this.token = token.getBytes(StandardCharsets.US_ASCII);
  }

  /** Reads the token in {@code file}, creating the file with a fresh token if it is missing. */
  public static ControlToken loadOrCreate(Path file, SecureRandom random) throws IOException {
    try {
      return new ControlToken(file, read(file));
    } catch (NoSuchFileException missing) {
      byte[] bytes = new byte[TOKEN_BYTES];
      random.nextBytes(bytes);
      String text = HexFormat.of().formatHex(bytes);
      try {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
          Files.createFile(file);
        }
        Files.writeString(file, text + "\n", StandardCharsets.US_ASCII);
        return new ControlToken(file, text);
      } catch (FileAlreadyExistsException raced) {
        return new ControlToken(file, read(file));
      }
    }
  }

  /** Reads the token in an existing {@code file}. */
  public static String read(Path file) throws IOException {
    if (Files.size(file) > FILE_LENGTH_MAX) {
      throw new IOException("token file " + file + " is too large to be a token");
    }
    String text = Files.readString(file, StandardCharsets.ISO_8859_1).strip();
    if (text.isEmpty()) {
      throw new IOException("token file " + file + " is empty");
    }
    return text;
  }

  public Path file() {
    return file;
  }

  /** Whether an {@code Authorization} header value carries this token ({@code Bearer TOKEN}). */
  public boolean accepts(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.ISO_8859_1);
    return MessageDigest.isEqual(given, token); // constant time
  }
}
