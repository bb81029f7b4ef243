package dev.conifer.node.doorway;

import java.util.Map;
import org.apache.tika.mime.MediaType;

/**
 * Proactive negotiation between the two forms of a namespace page (RFC 9110 section 12.5.1): the
 * quality the {@code Accept} header gives a type is that of the most specific media range matching
 * it ({@code type/subtype} over {@code type/*} over {@code *}{@code /*}), 1 if not stated, 0 if no
 * range matches. Each media range is parsed by Apache Tika's {@link MediaType}. Without the header,
 * or on a tie, JSON wins: scripts and tools get data, browsers (which rank text/html first) a page.
 */
final class AcceptHeader {
  private AcceptHeader() {}

  static final MediaType HTML = MediaType.text("html");
  static final MediaType JSON = MediaType.application("json");

  /** Whether {@code accept} ranks text/html above application/json. */
  static boolean prefersHtml(String accept) {
    if (accept == null || accept.isBlank()) {
      return false;
    }
    return quality(accept, HTML) > quality(accept, JSON);
  }

  /** The quality {@code accept} gives {@code type}, in [0, 1]. */
  static double quality(String accept, MediaType type) {
    int bestSpecificity = -1;
    double best = 0;
    for (String member : accept.split(",")) {
      MediaType range = MediaType.parse(member.strip());
      if (range == null) {
        continue; // a member that is no media range counts for nothing
      }
      int specificity = specificity(range, type);
      if (specificity > bestSpecificity) {
        bestSpecificity = specificity;
        best = q(range.getParameters());
      }
    }
    return best;
  }

  /** 2 for an exact match, 1 for type/*, 0 for *{@code /*}, -1 for no match. */
  private static int specificity(MediaType range, MediaType type) {
    if (range.getType().equals("*")) {
      return 0;
    }
    if (!range.getType().equalsIgnoreCase(type.getType())) {
      return -1;
    }
    if (range.getSubtype().equals("*")) {
      return 1;
    }
    return range.getSubtype().equalsIgnoreCase(type.getSubtype()) ? 2 : -1;
  }

  private static double q(Map<String, String> parameters) {
    String q = parameters.get("q");
    if (q == null) {
      return 1;
    }
    try {
      double value = Double.parseDouble(q.strip());
      return value >= 0 && value <= 1 ? value : 0;
    } catch (NumberFormatException e) {
      return 0; // an unreadable weight ranks the range last
    }
  }
}
