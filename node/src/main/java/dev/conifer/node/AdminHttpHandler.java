package dev.conifer.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
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
 * Serves one admin HTTP connection: {@code /status}, {@code /metrics}, 404 for anything else (blobs
 * are served by the doorway, on its own address: {@code dev.conifer.node.doorway}).
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  static final String JSON = "application/json";

  /** Prometheus text exposition format 0.0.4. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(AdminHttpHandler.class);

  /** Request counters, shared by every connection of one server. */
  static final class Meters {
    final Counter status;
    final Counter metrics;
    final Counter notFound;
    final Counter failed;

    Meters(MeterRegistry registry) {
      status = counter(registry, "status");
      metrics = counter(registry, "metrics");
      notFound = counter(registry, "not_found");
      failed = counter(registry, "failed");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
      return Counter.builder("conifer.admin.requests")
          .description("Admin HTTP requests by outcome")
          .tag("outcome", outcome)
          .register(registry);
    }
  }

  private final StatusSource statusSource;
  private final PrometheusMeterRegistry registry;
  private final Meters meters;

  AdminHttpHandler(StatusSource statusSource, PrometheusMeterRegistry registry, Meters meters) {
    this.statusSource = statusSource;
    this.registry = registry;
    this.meters = meters;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!request.decoderResult().isSuccess()) {
      meters.failed.increment();
      respond(ctx, false, HttpResponseStatus.BAD_REQUEST, "text/plain", "bad request\n");
      return;
    }
    String path = new QueryStringDecoder(request.uri()).path();
    if (!path.equals("/status") && !path.equals("/metrics")) {
      meters.notFound.increment();
      respond(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain", "not found\n");
      return;
    }
    if (!request.method().equals(HttpMethod.GET)) {
      meters.failed.increment();
      respond(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "use GET\n");
      return;
    }
    if (path.equals("/metrics")) {
      meters.metrics.increment();
      String text = registry.scrape(PROMETHEUS_TEXT);
      respond(ctx, keepAlive, HttpResponseStatus.OK, PROMETHEUS_TEXT, text);
      return;
    }
    meters.status.increment();
    statusSource
        .status()
        .orTimeout(AdminServer.STATUS_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete(
            (status, error) -> {
              if (error != null) {
                meters.failed.increment();
                LOG.warn("status snapshot failed: {}", error.toString());
                respond(
                    ctx,
                    keepAlive,
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "text/plain",
                    "router status unavailable\n");
              } else {
                respond(ctx, keepAlive, HttpResponseStatus.OK, JSON, StatusJson.toBytes(status));
              }
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
    LOG.debug("admin connection error: {}", cause.toString());
    ctx.close();
  }
}
