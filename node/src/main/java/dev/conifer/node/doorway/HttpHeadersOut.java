package dev.conifer.node.doorway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The headers every doorway response carries, and the ones built from a blob's description. */
final class HttpHeadersOut {
  /** Headers a cross-origin script may read (RFC 9110 names, CORS exposure). */
  static final String EXPOSED =
      "Content-Length, Content-Range, Content-Type, Content-Disposition, Accept-Ranges, ETag";

  static final String METHODS = "GET, HEAD, OPTIONS";

  /** A hash URL's bytes never change: caches may keep them forever without asking again. */
  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  private HttpHeadersOut() {}

  /**
   * CORS for a public read-only resource: any origin may GET and HEAD, without credentials. Sent on
   * every response (errors included) so a page's script can read the status.
   */
  static void cors(HttpHeaders h) {
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    h.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
  }

  /** The answer to a CORS preflight: our methods, the request headers a player sends. */
  static void preflight(HttpHeaders h) {
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, METHODS);
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Range, If-None-Match, If-Range");
    h.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
    h.set(HttpHeaderNames.ALLOW, METHODS);
  }

  /**
   * Blobs are other people's files served from the doorway's origin: never let a browser run one as
   * a page of that origin (an uploaded HTML file gets no scripts, no same-origin access), and never
   * guess a type other than the one sent.
   */
  static void contentSafety(HttpHeaders h) {
    h.set("X-Content-Type-Options", "nosniff");
    h.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, "sandbox");
  }

  /**
   * {@code inline; filename="..."; filename*=UTF-8''...} (RFC 6266, RFC 8187): the quoted form for
   * old clients with anything outside printable ASCII (and quotes, backslashes) replaced by '_',
   * the extended form exact.
   */
  static String contentDisposition(String fileName) {
    StringBuilder ascii = new StringBuilder();
    for (int i = 0; i < fileName.length(); i++) {
      char c = fileName.charAt(i);
      ascii.append(c < 0x20 || c > 0x7e || c == '"' || c == '\\' ? '_' : c);
    }
    String encoded =
        URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    return "inline; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
