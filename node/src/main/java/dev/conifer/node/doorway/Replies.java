package dev.conifer.node.doorway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Small complete responses: errors with their one-line reason, 304, 204. Thread-safe. */
final class Replies {
  private Replies() {}

  /**
   * A text/plain reply of {@code reason} plus a newline ({@code head}: headers only, as the answer
   * to a HEAD request must be), with CORS and {@code extra} headers.
   */
  static ChannelFuture text(
      ChannelHandlerContext ctx,
      int status,
      String reason,
      boolean head,
      boolean keepAlive,
      Consumer<HttpHeaders> extra) {
    byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(status),
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    finish(r, keepAlive, extra);
    return ctx.writeAndFlush(r);
  }

  /** A reply without content (304, 204). */
  static ChannelFuture empty(
      ChannelHandlerContext ctx, int status, boolean keepAlive, Consumer<HttpHeaders> extra) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.EMPTY_BUFFER);
    finish(r, keepAlive, extra);
    return ctx.writeAndFlush(r);
  }

  /** CORS, the connection header and {@code extra} on any response head. */
  static void finish(HttpResponse r, boolean keepAlive, Consumer<HttpHeaders> extra) {
    HttpHeadersOut.cors(r.headers());
    r.headers()
        .set(
            HttpHeaderNames.CONNECTION,
            keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    if (extra != null) {
      extra.accept(r.headers());
    }
  }
}
