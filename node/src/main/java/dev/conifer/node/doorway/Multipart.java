package dev.conifer.node.doorway;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The framing of a {@code multipart/byteranges} body (RFC 9110 section 14.6): each part is a
 * delimiter, its Content-Type and Content-Range, a blank line and the range's bytes; a closing
 * delimiter ends the body. Lengths are known up front, so the response has a Content-Length.
 */
record Multipart(String boundary, String type, long size, List<ByteRanges.Range> ranges) {
  byte[] partHeader(int i) {
    ByteRanges.Range r = ranges.get(i);
    String s =
        (i == 0 ? "" : "\r\n")
            + "--"
            + boundary
            + "\r\nContent-Type: "
            + type
            + "\r\nContent-Range: bytes "
            + r.first()
            + "-"
            + r.last()
            + "/"
            + size
            + "\r\n\r\n";
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  byte[] trailer() {
    return ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  long length() {
    long n = trailer().length;
    for (int i = 0; i < ranges.size(); i++) {
      n += partHeader(i).length + ranges.get(i).length();
    }
    return n;
  }
}
