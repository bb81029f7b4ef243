package dev.conifer.node.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.conifer.node.control.ControlRoutes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one admin HTTP connection: {@code GET /status}, {@code GET /metrics}, {@code GET /manhole}
 * (Go Pinecone's shape), and {@code POST /control/NAME} (with the bearer token), 404 for anything
 * else. Without a token only {@code /control/} is guarded; on a non-loopback address every path is.
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  static final String JSON = "application/json";

  /** Prometheus text exposition format 0.0.4. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private static final String CONTROL_PREFIX = "/control/";
  private static final Logger LOG = LoggerFactory.getLogger(AdminHttpHandler.class);

  private final AdminServer.Services services;
  private final AdminMeters meters;

  AdminHttpHandler(AdminServer.Services services, AdminMeters meters) {
    this.services = services;
    this.meters = meters;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!request.decoderResult().isSuccess()) {
      meters.count(AdminMeters.OTHER, AdminMeters.BAD_REQUEST);
      respond(ctx, false, HttpResponseStatus.BAD_REQUEST, "text/plain", "bad request\n");
      return;
    }
    String path = new QueryStringDecoder(request.uri()).path();
    String label = label(path);
    boolean control = path.startsWith(CONTROL_PREFIX);
    if ((control || services.tokenEverywhere()) && !authorized(request)) {
      meters.count(label, AdminMeters.UNAUTHORIZED);
      String why =
          services.token() == null
              ? "the control API is off: run the node with --data or --admin-token\n"
              : "missing or wrong token: send Authorization: Bearer TOKEN\n";
      respond(ctx, keepAlive, HttpResponseStatus.UNAUTHORIZED, "text/plain", why);
      return;
    }
    if (control) {
      control(ctx, request, path.substring(CONTROL_PREFIX.length()), keepAlive);
      return;
    }
    if (label.equals(AdminMeters.OTHER)) {
      meters.count(label, AdminMeters.NOT_FOUND);
      respond(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain", "not found\n");
      return;
    }
    if (!request.method().equals(HttpMethod.GET)) {
      meters.count(label, AdminMeters.METHOD_NOT_ALLOWED);
      respond(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "use GET\n");
      return;
    }
    if (label.equals(AdminMeters.METRICS)) {
      meters.count(label, AdminMeters.OK);
      String text = services.registry().scrape(PROMETHEUS_TEXT);
      respond(ctx, keepAlive, HttpResponseStatus.OK, PROMETHEUS_TEXT, text);
      return;
    }
    boolean manhole = label.equals(AdminMeters.MANHOLE);
    services
        .status()
        .status()
        .orTimeout(AdminServer.STATUS_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete(
            (status, error) -> {
              if (error != null) {
                meters.count(label, AdminMeters.FAILED);
                LOG.warn("status snapshot failed: {}", error.toString());
                respond(
                    ctx,
                    keepAlive,
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "text/plain",
                    "router status unavailable\n");
                return;
              }
              meters.count(label, AdminMeters.OK);
              byte[] body = manhole ? ManholeJson.toBytes(status) : StatusJson.toBytes(status);
              respond(ctx, keepAlive, HttpResponseStatus.OK, JSON, body);
            });
  }

  private static String label(String path) {
    return switch (path) {
      case AdminMeters.STATUS, AdminMeters.METRICS, AdminMeters.MANHOLE -> path;
      default -> path.startsWith(CONTROL_PREFIX) ? AdminMeters.CONTROL : AdminMeters.OTHER;
    };
  }

  private boolean authorized(FullHttpRequest request) {
    return services.token() != null
        && services.token().accepts(request.headers().get(HttpHeaderNames.AUTHORIZATION));
  }

  private void control(
      ChannelHandlerContext ctx, FullHttpRequest request, String name, boolean keepAlive) {
    ControlRoutes routes = services.control();
    if (routes == null) {
      meters.count(AdminMeters.CONTROL, AdminMeters.NOT_FOUND);
      respond(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain", "no control API\n");
      return;
    }
    if (!request.method().equals(HttpMethod.POST)) {
      meters.count(AdminMeters.CONTROL, AdminMeters.METHOD_NOT_ALLOWED);
      respond(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "use POST\n");
      return;
    }
    byte[] body = ByteBufUtil.getBytes(request.content());
    routes
        .dispatch(name, body)
        .whenComplete(
            (reply, error) -> {
              if (error != null) { // dispatch answers every failure itself; this is a bug
                reply = ControlRoutes.error(500, name + " failed: " + error);
              }
              meters.count(AdminMeters.CONTROL, AdminMeters.outcome(reply.status()));
              byte[] bytes;
              try {
                bytes = ControlRoutes.JSON.writeValueAsBytes(reply.body());
              } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot encode a JSON tree", e);
              }
              respond(ctx, keepAlive, HttpResponseStatus.valueOf(reply.status()), JSON, bytes);
            });
  }

  private static void respond(
      ChannelHandlerContext ctx,
      boolean keepAlive,
      HttpResponseStatus status,
      String contentType,
      String body) {
    respond(ctx, keepAlive, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Thread-safe: Netty hands writes from other threads to the channel's event loop. */
  private static void respond(
      ChannelHandlerContext ctx,
      boolean keepAlive,
      HttpResponseStatus status,
      String contentType,
      byte[] body) {
    ByteBuf content = Unpooled.wrappedBuffer(body);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    if (status.code() == 401) {
      response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"conifer\"");
    }
    if (keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(response);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.info("admin connection error: {}", cause.toString());
    ctx.close();
  }
}
