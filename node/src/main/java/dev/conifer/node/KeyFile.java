package dev.conifer.node;

import dev.conifer.node.cli.KeyPathConverter;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's identity key on disk: the 32-byte Ed25519 seed as 64 hex characters and a newline, the
 * format of Go Pinecone's {@code -secretkey} flag (PROTOCOL.md §1). New files are created with mode
 * 0600 from the start, so the seed is never readable by others, not even briefly.
 */
public final class KeyFile {
  /** The key file's name inside the data directory (or the working directory). */
  public static final String DEFAULT_NAME = "conifer.key";

  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);
  private static final int HEX_LENGTH = 2 * Ed25519.SEED_LENGTH;
  private static final long KEY_FILE_LENGTH_MAX = 4096;

  private KeyFile() {}

  /** Returns {@code path}, refusing a directory (see also {@link KeyPathConverter}). */
  public static Path requireFile(String flag, Path path) {
    if (Files.isDirectory(path)) {
      throw new UserException(flag + " " + path + " is a directory; give the key file's path");
    }
    return path;
  }

  /** Loads the key at {@code path}, creating a fresh one if the file does not exist. */
  public static Signer loadOrCreate(Path path, SecureRandom random) {
    requireFile("key file", path);
    Signer existing = loadIfExists(path);
    if (existing != null) {
      return existing;
    }
    try {
      Signer signer = Ed25519.signerFromSeed(create(path, random));
      LOG.info("created key file {} (mode 0600)", path);
      return signer;
    } catch (FileAlreadyExistsException raced) {
      return load(path); // Another process created it between our read and our create.
    } catch (IOException e) {
      throw new UserException("cannot create key file " + path + ": " + describe(e), e);
    }
  }

  /** Loads an existing key file; a missing or malformed file is a {@link UserException}. */
  public static Signer load(Path path) {
    Signer signer = loadIfExists(path);
    if (signer == null) {
      throw new UserException("key file " + path + " does not exist");
    }
    return signer;
  }

  private static Signer loadIfExists(Path path) {
    String text;
    try {
      if (Files.size(path) > KEY_FILE_LENGTH_MAX) {
        throw new UserException(
            "malformed key file " + path + ": too large for a hex Ed25519 seed");
      }
      // Latin-1 never fails to decode, so stray bytes are reported as "not hexadecimal".
      text = Files.readString(path, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UserException("cannot read key file " + path + ": " + describe(e), e);
    }
    warnIfOthersCanRead(path);
    return Ed25519.signerFromSeed(parseSeed(path, text));
  }

  /**
   * Writes a new key file and returns its seed. Fails with {@link FileAlreadyExistsException} if
   * the file exists: a key is never overwritten.
   */
  public static byte[] create(Path path, SecureRandom random) throws IOException {
    byte[] seed = new byte[Ed25519.SEED_LENGTH];
    random.nextBytes(seed);
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(path); // e.g. Windows: rely on the directory's ACL.
    }
    String text = HexFormat.of().formatHex(seed) + "\n";
    Files.writeString(path, text, StandardCharsets.US_ASCII);
    return seed;
  }

  /** Parses a seed in hex; surrounding whitespace is allowed, anything else is an error. */
  static byte[] parseSeed(Path path, String text) {
    String hex = text.strip();
    if (hex.length() != HEX_LENGTH) {
      throw new UserException(
          "malformed key file "
              + path
              + ": expected "
              + HEX_LENGTH
              + " hex characters (a 32-byte Ed25519 seed), found "
              + hex.length()
              + " characters");
    }
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new UserException(
          "malformed key file " + path + ": not hexadecimal (expected a 32-byte Ed25519 seed)");
    }
  }

  private static void warnIfOthersCanRead(Path path) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
      if (permissions.contains(PosixFilePermission.GROUP_READ)
          || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        LOG.warn(
            "key file {} is readable by others (mode {}); run: chmod 600 {}",
            path,
            PosixFilePermissions.toString(permissions),
            path);
      }
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: nothing we can check.
    }
  }

  private static String describe(IOException e) {
    String reason = e.getClass().getSimpleName();
    return e.getMessage() == null ? reason : reason + " (" + e.getMessage() + ")";
  }
}
