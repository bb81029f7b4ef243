package dev.conifer.node.doorway;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A namespace page's path, already percent-decoded: {@code /ns/NSID/} (the keys) or {@code
 * /ns/NSID/KEY} (a value; KEY may contain '/'). NSID is the namespace's key in 64 hex digits. A
 * path that cannot name a value (bad NSID, over-long key) is simply no page: the caller answers 404
 * like for an unpublished namespace, so the answer tells nothing about what the node holds.
 */
record NamespacePath(String namespaceHex, String key) {
  static final String PREFIX = "/ns/";

  /** Sync's longest key (bytes of UTF-8). */
  static final int KEY_LENGTH_MAX = 1024;

  static boolean isNamespacePath(String path) {
    return path.startsWith(PREFIX);
  }

  boolean listing() {
    return key == null;
  }

  static Optional<NamespacePath> parse(String path) {
    String rest = path.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    String hex = slash < 0 ? rest : rest.substring(0, slash);
    if (hex.length() != 64 || !hex.chars().allMatch(HexFormat::isHexDigit)) {
      return Optional.empty();
    }
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    if (key.getBytes(StandardCharsets.UTF_8).length > KEY_LENGTH_MAX) {
      return Optional.empty();
    }
    return Optional.of(new NamespacePath(hex.toLowerCase(), key.isEmpty() ? null : key));
  }

  /** The path of {@code key}'s page in namespace {@code hex}, percent-encoded for an href. */
  static String href(String hex, String key) {
    return PREFIX + hex + "/" + UrlPaths.encodePath(key);
  }
}
