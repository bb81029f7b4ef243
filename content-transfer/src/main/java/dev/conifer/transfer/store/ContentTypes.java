package dev.conifer.transfer.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;

/**
 * Media types of blobs, detected by Apache Tika from the file name and the leading magic bytes (a
 * PNG named {@code photo} is still {@code image/png}; a text file named {@code notes.md} is {@code
 * text/markdown}). Unknown content is {@code application/octet-stream}.
 */
public final class ContentTypes {
  public static final String UNKNOWN = "application/octet-stream";

  /** Tika reads at most this much of a file's head for magic bytes. */
  private static final int MAGIC_LENGTH = 64 * 1024;

  private static final class Holder {
    static final Tika TIKA = new Tika();
  }

  private ContentTypes() {}

  /** Detects from {@code file}'s name and its first bytes. */
  public static String detect(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(MAGIC_LENGTH);
    }
    return detect(head, file.getFileName() == null ? null : file.getFileName().toString());
  }

  /** Detects from leading bytes and an optional file name. */
  public static String detect(byte[] head, String fileName) {
    return Holder.TIKA.detect(head, fileName);
  }

  /** From a file name alone (a doorway URL's name), or {@link #UNKNOWN}. */
  public static String fromName(String fileName) {
    return Holder.TIKA.detect(fileName);
  }

  /**
   * {@code value} normalised if it is a media type ({@code type/subtype} with optional parameters),
   * else an {@link IllegalArgumentException} naming it.
   */
  public static String parse(String value) {
    MediaType type = value == null ? null : MediaType.parse(value.strip());
    if (type == null || value.strip().indexOf('/') < 1) {
      throw new IllegalArgumentException(
          "not a media type (want TYPE/SUBTYPE, e.g. image/png): '" + value + "'");
    }
    return type.toString();
  }
}
