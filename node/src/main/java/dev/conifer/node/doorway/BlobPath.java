package dev.conifer.node.doorway;

import dev.conifer.transfer.hash.BlobHash;

/**
 * A doorway URL path: {@code /blobs/HASH} or {@code /blobs/HASH/NAME}, where NAME is the file name
 * the link suggests (it sets the download name and, when the blob carries no type, the type). The
 * path is already percent-decoded by the caller.
 */
record BlobPath(BlobHash hash, String name) {
  static final String PREFIX = "/blobs/";

  /** Names longer than this are refused: they end up in a response header. */
  static final int NAME_LENGTH_MAX = 255;

  /** Thrown with the one-line reason a 400 carries. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String reason) {
      super(reason);
    }
  }

  static boolean isBlobPath(String path) {
    return path.startsWith(PREFIX);
  }

  static BlobPath parse(String path) throws Malformed {
    String rest = path.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    String hex = slash < 0 ? rest : rest.substring(0, slash);
    BlobHash hash;
    try {
      hash = BlobHash.parse(hex);
    } catch (IllegalArgumentException e) {
      throw new Malformed("bad blob hash '" + shorten(hex) + "' (want 64 hex digits)");
    }
    if (slash < 0) {
      return new BlobPath(hash, null);
    }
    String name = rest.substring(slash + 1);
    if (name.isEmpty()) {
      return new BlobPath(hash, null);
    }
    if (name.length() > NAME_LENGTH_MAX) {
      throw new Malformed("file name longer than " + NAME_LENGTH_MAX + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\' || Character.isISOControl(c)) {
        throw new Malformed("file name may not contain '/', '\\' or control characters");
      }
    }
    return new BlobPath(hash, name);
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
