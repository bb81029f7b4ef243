package dev.conifer.node.doorway;

/**
 * Entity-tag matching for {@code If-None-Match} and {@code If-Range} (RFC 9110 sections 8.8.3,
 * 13.1.2 and 13.1.5). A blob's tag is its hash, strong: the bytes behind a hash never change.
 */
final class EntityTags {
  private EntityTags() {}

  /** The strong tag of a blob. */
  static String of(String hashHex) {
    return "\"" + hashHex + "\"";
  }

  /**
   * Whether an {@code If-None-Match} value matches {@code tag}: "*" or any listed tag, compared
   * weakly (a {@code W/} prefix is ignored). A malformed member matches nothing.
   */
  static boolean noneMatchHits(String header, String tag) {
    if (header == null) {
      return false;
    }
    String value = header.strip();
    if (value.equals("*")) {
      return true;
    }
    for (String member : value.split(",")) {
      String m = member.strip();
      if (m.startsWith("W/")) {
        m = m.substring(2);
      }
      if (m.equals(tag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a Range request may be honoured under {@code If-Range}: yes without the header, or when
   * it names exactly {@code tag} (strong comparison; a date or a weak tag never matches, as we send
   * no Last-Modified).
   */
  static boolean ifRangeAllows(String header, String tag) {
    return header == null || header.strip().equals(tag);
  }
}
