package dev.conifer.transfer;

import dev.conifer.snek.wire.PublicKey;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP semantics of the doorway {@code GET /blobs/{hash}} (with single {@code Range} support),
 * independent of the HTTP server: the node's server calls {@link #handle} on a worker thread and
 * writes the response. On a miss the blob is fetched from the overlay (holders from the {@link
 * HolderIndex}), verified and stored, then served.
 */
public final class BlobDoorway {
  /** Streams the response body. */
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  public record Response(int status, Map<String, String> headers, long bodyLength, Body body) {
    static Response text(int status, String message) {
      byte[] b = (message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Content-Type", "text/plain; charset=utf-8");
      h.put("Content-Length", Integer.toString(b.length));
      return new Response(status, h, b.length, out -> out.write(b));
    }
  }

  private static final String PREFIX = "/blobs/";
  private final BlobStore store;
  private final BlobFetcher fetcher;
  private final HolderIndex holders;

  public BlobDoorway(BlobStore store, BlobFetcher fetcher, HolderIndex holders) {
    this.store = store;
    this.fetcher = fetcher;
    this.holders = holders;
  }

  public Response handle(String method, String path, String rangeHeader) {
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return Response.text(405, "only GET and HEAD");
    }
    if (!path.startsWith(PREFIX)) {
      return Response.text(404, "not a blob path: " + path);
    }
    BlobHash hash;
    try {
      hash = BlobHash.parse(path.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return Response.text(400, e.getMessage());
    }
    try {
      Optional<BlobReader> reader = store.openReader(hash);
      if (reader.isEmpty()) {
        List<PublicKey> candidates = holders.holders(hash);
        if (candidates.isEmpty()) {
          return Response.text(404, "no holder known for " + hash);
        }
        try {
          fetcher.fetch(hash, candidates, null);
        } catch (BlobsException e) {
          return Response.text(
              e.error() == BlobsError.NOT_FOUND ? 404 : 502, "fetch failed: " + e.getMessage());
        }
        reader = store.openReader(hash);
        if (reader.isEmpty()) {
          return Response.text(502, "fetched but not stored: " + hash);
        }
      }
      return serve(hash, reader.get(), method.equals("HEAD"), rangeHeader);
    } catch (IOException e) {
      return Response.text(500, "store error: " + e.getMessage());
    }
  }

  private static Response serve(BlobHash hash, BlobReader reader, boolean head, String range)
      throws IOException {
    long size = reader.size();
    long start = 0;
    long end = size; // exclusive
    int status = 200;
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/octet-stream");
    h.put("Accept-Ranges", "bytes");
    h.put("ETag", "\"" + hash.hex() + "\"");
    h.put("Cache-Control", "public, max-age=31536000, immutable");
    if (range != null && range.startsWith("bytes=") && !range.contains(",")) {
      long[] r = parseRange(range.substring(6).trim(), size);
      if (r == null) {
        reader.close();
        Response bad = Response.text(416, "range not satisfiable: " + range);
        bad.headers().put("Content-Range", "bytes */" + size);
        return bad;
      }
      start = r[0];
      end = r[1];
      status = 206;
      h.put("Content-Range", "bytes " + start + "-" + (end - 1) + "/" + size);
    }
    long length = end - start;
    h.put("Content-Length", Long.toString(length));
    long from = start;
    Body body =
        head
            ? out -> reader.close()
            : out -> {
              try (reader) {
                byte[] buf = new byte[64 * 1024];
                for (long pos = from; pos < from + length; ) {
                  int n = (int) Math.min(buf.length, from + length - pos);
                  reader.readFully(pos, buf, 0, n);
                  out.write(buf, 0, n);
                  pos += n;
                }
              }
            };
    return new Response(status, h, head ? 0 : length, body);
  }

  /** [start, endExclusive) for "a-b", "a-" or "-n"; null when unsatisfiable or malformed. */
  static long[] parseRange(String spec, long size) {
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      if (a.isEmpty()) {
        long n = Long.parseLong(b);
        return n <= 0 || size == 0 ? null : new long[] {Math.max(0, size - n), size};
      }
      long start = Long.parseLong(a);
      long last = b.isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(b));
      return start < 0 || start >= size || last < start ? null : new long[] {start, last + 1};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
