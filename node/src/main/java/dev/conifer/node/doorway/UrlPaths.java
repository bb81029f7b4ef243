package dev.conifer.node.doorway;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding of path segments for the links the doorway's pages contain. */
final class UrlPaths {
  private UrlPaths() {}

  /**
   * {@code text} as a path that decodes back to it: each '/'-separated segment form-encoded by the
   * JDK, with the space as %20 (not '+', which a path keeps literally).
   */
  static String encodePath(String text) {
    StringBuilder out = new StringBuilder();
    String[] segments = text.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      out.append(URLEncoder.encode(segments[i], StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return out.toString();
  }
}
