package dev.conifer.node.doorway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * What the doorway needs of one request, copied out of Netty's message on the event loop so a
 * worker can use it after the message is released.
 */
record DoorwayRequest(
    HttpMethod method,
    String uri,
    String range,
    String ifRange,
    String ifNoneMatch,
    String accept,
    boolean preflight,
    boolean keepAlive,
    Throwable decodeFailure,
    boolean hasBody) {
  static DoorwayRequest of(HttpRequest r) {
    var h = r.headers();
    boolean body;
    try {
      body = HttpUtil.getContentLength(r, 0L) > 0 || HttpUtil.isTransferEncodingChunked(r);
    } catch (NumberFormatException e) {
      body = true; // a Content-Length we cannot read: refuse it like any body
    }
    return new DoorwayRequest(
        r.method(),
        r.uri(),
        h.get(HttpHeaderNames.RANGE),
        h.get(HttpHeaderNames.IF_RANGE),
        h.get(HttpHeaderNames.IF_NONE_MATCH),
        h.get(HttpHeaderNames.ACCEPT),
        h.contains(HttpHeaderNames.ORIGIN)
            && h.contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD),
        HttpUtil.isKeepAlive(r),
        r.decoderResult().isSuccess() ? null : r.decoderResult().cause(),
        body);
  }

  boolean head() {
    return method.equals(HttpMethod.HEAD);
  }
}
