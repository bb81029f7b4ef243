package dev.conifer.node.doorway;

import dev.conifer.transfer.hash.BlobHash;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * A complete namespace page (its status, type and content) and how it is sent: with {@code Vary:
 * Accept} (JSON and HTML share the URL), {@code Cache-Control: no-cache} and an entity tag of the
 * content (a page changes when the namespace does, so caches revalidate: {@code If-None-Match} gets
 * 304). HTML pages run no script; a raw value from someone's namespace is sandboxed like a blob.
 */
record Page(int status, String contentType, byte[] body, Safety safety) {
  enum Safety {
    /** Our own page: no script, media only from this doorway ({@link HtmlWriter#POLICY}). */
    PAGE,
    /** Bytes someone stored: never run as a page of the doorway's origin. */
    CONTAINED
  }

  static Page of(int status, String contentType, byte[] body) {
    return new Page(status, contentType, body, Safety.CONTAINED);
  }

  static Page text(int status, String reason) {
    return of(
        status, "text/plain; charset=utf-8", (reason + "\n").getBytes(StandardCharsets.UTF_8));
  }

  static Page json(Object tree) {
    return of(200, "application/json", (tree + "\n").getBytes(StandardCharsets.UTF_8));
  }

  static Page html(String html) {
    return new Page(
        200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Safety.PAGE);
  }

  Page contained() {
    return new Page(status, contentType, body, Safety.CONTAINED);
  }

  /** Writes the page (headers only for HEAD) and waits; returns whether to keep the connection. */
  boolean send(ChannelHandlerContext ctx, DoorwayRequest r, DoorwayMeters meters) {
    String tag = EntityTags.of(BlobHash.ofContent(body).hex());
    boolean notModified = status == 200 && EntityTags.noneMatchHits(r.ifNoneMatch(), tag);
    int sent = notModified ? 304 : status;
    boolean withBody = !notModified && !r.head();
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(sent),
            withBody ? Unpooled.wrappedBuffer(body) : Unpooled.EMPTY_BUFFER);
    Replies.finish(response, r.keepAlive(), null);
    var h = response.headers();
    h.set(HttpHeaderNames.VARY, "Accept");
    if (status == 200) {
      h.set(HttpHeaderNames.ETAG, tag);
      h.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    } else {
      h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    }
    if (!notModified) {
      h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
      h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    }
    if (safety == Safety.PAGE) {
      h.set("X-Content-Type-Options", "nosniff");
      h.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, HtmlWriter.POLICY);
    } else {
      HttpHeadersOut.contentSafety(h);
    }
    meters.response(sent);
    if (withBody) {
      meters.bytesSent.increment(body.length);
    }
    ChannelFuture written = ctx.writeAndFlush(response);
    written.awaitUninterruptibly();
    return r.keepAlive() && written.isSuccess();
  }
}
