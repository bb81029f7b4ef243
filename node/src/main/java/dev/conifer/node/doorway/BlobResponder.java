package dev.conifer.node.doorway;

import dev.conifer.node.doorway.DoorwayMeters.Refusal;
import dev.conifer.transfer.fetch.BlobStreamer;
import dev.conifer.transfer.fetch.FetchCancel;
import dev.conifer.transfer.store.BlobMeta;
import dev.conifer.transfer.store.ContentTypes;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces one blob response on a worker thread: finds the blob (local, or its holders), applies
 * RFC 9110 (ranges, If-Range, HEAD) and streams the verified bytes. A client that goes away closes
 * its channel, which cancels the holder reads at once.
 */
final class BlobResponder {
  private static final Logger LOG = LoggerFactory.getLogger(BlobResponder.class);

  /** Completes a response: true to keep the connection for the next request. */
  interface Done {
    void finished(boolean keepAlive);
  }

  private final BlobStreamer streamer;
  private final DoorwayConfig config;
  private final DoorwayMeters meters;

  BlobResponder(BlobStreamer streamer, DoorwayConfig config, DoorwayMeters meters) {
    this.streamer = streamer;
    this.config = config;
    this.meters = meters;
  }

  /** The validators and caching of a hash URL: the same on 200, 206 and 304. */
  static void validators(HttpHeaders h, String tag) {
    h.set(HttpHeaderNames.ETAG, tag);
    h.set(HttpHeaderNames.CACHE_CONTROL, HttpHeadersOut.IMMUTABLE);
  }

  void respond(ChannelHandlerContext ctx, DoorwayRequest r, BlobPath blob, Done done) {
    FetchCancel cancel = new FetchCancel();
    ChannelFutureListener onClose = f -> cancel.cancel();
    ctx.channel().closeFuture().addListener(onClose);
    boolean keepAlive = r.keepAlive();
    try {
      keepAlive = serve(ctx, r, blob, cancel);
    } catch (RuntimeException e) {
      LOG.warn("doorway response for {} failed: {}", blob.hash(), e.toString());
      keepAlive = false;
      ctx.close();
    } finally {
      ctx.channel().closeFuture().removeListener(onClose);
      done.finished(keepAlive && ctx.channel().isActive());
    }
  }

  /** Returns whether the connection may carry another request. */
  private boolean serve(
      ChannelHandlerContext ctx, DoorwayRequest r, BlobPath blob, FetchCancel cancel) {
    Optional<BlobStreamer.Source> found;
    try {
      found = streamer.open(blob.hash(), cancel);
    } catch (IOException e) {
      if (cancel.isCancelled()) {
        meters.refused(Refusal.ABORTED);
        return false;
      }
      return text(
          ctx, r, 502, "cannot reach the holders of " + blob.hash() + ": " + e.getMessage());
    }
    if (found.isEmpty()) {
      return text(ctx, r, 404, "no holder proved it has blob " + blob.hash());
    }
    try (BlobStreamer.Source source = found.get()) {
      long size = source.size();
      if (size > config.blobLengthMax()) {
        meters.refused(Refusal.TOO_LARGE);
        return text(
            ctx,
            r,
            403,
            "blob "
                + blob.hash()
                + " is "
                + size
                + " bytes; this doorway serves at most "
                + config.blobLengthMax());
      }
      BlobMeta meta = source.local() ? streamer.store().meta(blob.hash()) : BlobMeta.UNKNOWN;
      String type = contentType(meta, blob.name());
      String fileName = blob.name() != null ? blob.name() : meta.fileName();
      String tag = EntityTags.of(blob.hash().hex());
      ByteRanges.Outcome outcome =
          EntityTags.ifRangeAllows(r.ifRange(), tag)
              ? ByteRanges.resolve(r.range(), size)
              : new ByteRanges.Whole();
      if (outcome instanceof ByteRanges.Unsatisfiable u) {
        return text(
            ctx,
            r,
            416,
            "range not satisfiable: " + u.reason(),
            h -> h.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size));
      }
      Consumer<HttpHeaders> common =
          h -> {
            validators(h, tag);
            h.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
            HttpHeadersOut.contentSafety(h);
            if (fileName != null) {
              h.set(
                  HttpHeaderNames.CONTENT_DISPOSITION, HttpHeadersOut.contentDisposition(fileName));
            }
          };
      BodyWriter body = new BodyWriter(ctx, cancel, meters);
      List<ByteRanges.Range> ranges =
          outcome instanceof ByteRanges.Partial p
              ? p.ranges()
              : List.of(new ByteRanges.Range(0, size - 1));
      boolean whole = outcome instanceof ByteRanges.Whole;
      if (whole || ranges.size() == 1) {
        ByteRanges.Range only = ranges.get(0);
        long length = whole ? size : only.length();
        HttpResponse head = head(whole ? 200 : 206, r.keepAlive());
        common.accept(head.headers());
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, Long.toString(length));
        if (!whole) {
          head.headers()
              .set(
                  HttpHeaderNames.CONTENT_RANGE,
                  "bytes " + only.first() + "-" + only.last() + "/" + size);
        }
        body.head(head);
        if (!r.head() && length > 0) {
          source.read(only.first(), only.last() + 1, body, cancel);
        }
      } else {
        Multipart parts = new Multipart(boundary(), type, size, ranges);
        HttpResponse head = head(206, r.keepAlive());
        common.accept(head.headers());
        head.headers()
            .set(
                HttpHeaderNames.CONTENT_TYPE, "multipart/byteranges; boundary=" + parts.boundary());
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, Long.toString(parts.length()));
        body.head(head);
        if (!r.head()) {
          for (int i = 0; i < ranges.size(); i++) {
            body.raw(parts.partHeader(i));
            source.read(ranges.get(i).first(), ranges.get(i).last() + 1, body, cancel);
          }
          body.raw(parts.trailer());
        }
      }
      return body.end(r.keepAlive());
    } catch (IOException e) {
      // Headers may be out already: the only honest signal left is closing the connection.
      meters.refused(Refusal.ABORTED);
      if (!cancel.isCancelled()) {
        streamer.forget(blob.hash()); // look for holders afresh next time
        LOG.info("doorway response for {} stopped: {}", blob.hash(), e.getMessage());
      }
      ctx.close();
      return false;
    }
  }

  private static String contentType(BlobMeta meta, String urlName) {
    if (meta.contentType() != null) {
      return meta.contentType();
    }
    if (urlName != null) {
      return ContentTypes.fromName(urlName);
    }
    return ContentTypes.UNKNOWN;
  }

  private static String boundary() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong())
        + Long.toHexString(ThreadLocalRandom.current().nextLong());
  }

  private HttpResponse head(int status, boolean keepAlive) {
    HttpResponse head =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
    Replies.finish(head, keepAlive, null);
    meters.response(status);
    return head;
  }

  private boolean text(ChannelHandlerContext ctx, DoorwayRequest r, int status, String reason) {
    return text(ctx, r, status, reason, null);
  }

  private boolean text(
      ChannelHandlerContext ctx,
      DoorwayRequest r,
      int status,
      String reason,
      Consumer<HttpHeaders> extra) {
    meters.response(status);
    var written = Replies.text(ctx, status, reason, r.head(), r.keepAlive(), extra);
    written.awaitUninterruptibly();
    return r.keepAlive() && written.isSuccess();
  }
}
