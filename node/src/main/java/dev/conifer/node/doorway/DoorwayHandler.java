package dev.conifer.node.doorway;

import dev.conifer.node.doorway.DoorwayMeters.Refusal;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.WriteTimeoutException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One doorway connection, on its event loop: limits first (connections, rate, header size, bodies,
 * the request deadline), then the cheap answers (errors, 304, preflight), and blob responses handed
 * to the bounded worker pool (503 with Retry-After when it is full). Requests on one connection are
 * answered in order: ones that arrive while a response is still streaming wait (a few at most).
 */
final class DoorwayHandler extends SimpleChannelInboundHandler<HttpObject> {
  private static final Logger LOG = LoggerFactory.getLogger(DoorwayHandler.class);

  /** Pipelined requests kept while one is answered; more close the connection. */
  static final int PIPELINED_MAX = 8;

  static final String ROOT =
      "Conifer doorway: GET /blobs/HASH, /blobs/HASH/NAME, /ns/NAMESPACE/ and /ns/NAMESPACE/KEY";

  private final DoorwayConfig config;
  private final ClientRateLimiter limiter;
  private final DoorwayMeters meters;
  private final BlobResponder responder;
  private final NamespacePages pages;
  private final ExecutorService workers;
  private final ArrayDeque<DoorwayRequest> waiting = new ArrayDeque<>();
  private boolean busy;
  private boolean counted;
  private ScheduledFuture<?> deadline;

  DoorwayHandler(
      DoorwayConfig config,
      ClientRateLimiter limiter,
      DoorwayMeters meters,
      BlobResponder responder,
      NamespacePages pages,
      ExecutorService workers) {
    this.config = config;
    this.limiter = limiter;
    this.meters = meters;
    this.responder = responder;
    this.pages = pages;
    this.workers = workers;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    counted = true;
    if (meters.connections.incrementAndGet() > config.connectionsMax()) {
      meters.refused(Refusal.CONNECTIONS);
      ctx.close();
      return;
    }
    armDeadline(ctx);
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (counted) {
      meters.connections.decrementAndGet();
      counted = false;
    }
    cancelDeadline();
    super.channelInactive(ctx);
  }

  /** A connection must send a complete request head within the timeout of opening or going idle. */
  private void armDeadline(ChannelHandlerContext ctx) {
    cancelDeadline();
    deadline =
        ctx.executor()
            .schedule(
                () -> {
                  if (!busy && ctx.channel().isActive()) {
                    meters.refused(Refusal.TIMEOUT);
                    ctx.close();
                  }
                },
                config.requestTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
    if (!(msg instanceof HttpRequest request)) {
      return; // request content: refused with 413 when its head arrived
    }
    cancelDeadline();
    DoorwayRequest r = DoorwayRequest.of(request);
    if (busy) {
      if (waiting.size() >= PIPELINED_MAX) {
        meters.refused(Refusal.PIPELINED);
        ctx.close();
      } else {
        waiting.add(r);
      }
      return;
    }
    handle(ctx, r);
  }

  private void handle(ChannelHandlerContext ctx, DoorwayRequest r) {
    busy = true;
    if (r.decodeFailure() != null) {
      refuseMalformed(ctx, r);
      return;
    }
    InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
    if (!limiter.tryAcquire(client.getAddress())) {
      meters.refused(Refusal.RATE);
      long after = limiter.retryAfterSeconds(client.getAddress());
      reply(
          ctx,
          r,
          429,
          "too many requests from " + client.getAddress().getHostAddress(),
          false,
          h -> h.set(HttpHeaderNames.RETRY_AFTER, Long.toString(after)));
      return;
    }
    if (r.hasBody()) {
      meters.refused(Refusal.BODY);
      reply(ctx, r, 413, "the doorway takes no request content", false, null);
      return;
    }
    if (r.method().equals(HttpMethod.OPTIONS)) {
      meters.response(204);
      Replies.empty(ctx, 204, r.keepAlive(), HttpHeadersOut::preflight)
          .addListener(f -> finished(ctx, r.keepAlive() && f.isSuccess()));
      return;
    }
    if (!r.method().equals(HttpMethod.GET) && !r.method().equals(HttpMethod.HEAD)) {
      reply(
          ctx,
          r,
          405,
          "the doorway is read-only: " + HttpHeadersOut.METHODS,
          r.keepAlive(),
          h -> h.set(HttpHeaderNames.ALLOW, HttpHeadersOut.METHODS));
      return;
    }
    String path;
    try {
      path = new QueryStringDecoder(r.uri()).path();
    } catch (IllegalArgumentException e) {
      meters.refused(Refusal.MALFORMED);
      reply(ctx, r, 400, "bad percent-encoding in the path", r.keepAlive(), null);
      return;
    }
    if (path.equals("/")) {
      reply(ctx, r, 200, ROOT, r.keepAlive(), null);
      return;
    }
    if (NamespacePath.isNamespacePath(path)) {
      if (pages == null) {
        reply(ctx, r, 404, NamespacePages.NO_PAGE, r.keepAlive(), null);
      } else {
        onWorker(ctx, r, done -> pages.respond(ctx, r, path, done));
      }
      return;
    }
    if (!BlobPath.isBlobPath(path)) {
      reply(ctx, r, 404, "no such page; blobs are at /blobs/HASH", r.keepAlive(), null);
      return;
    }
    BlobPath blob;
    try {
      blob = BlobPath.parse(path);
    } catch (BlobPath.Malformed e) {
      meters.refused(Refusal.MALFORMED);
      reply(ctx, r, 400, e.getMessage(), r.keepAlive(), null);
      return;
    }
    String tag = EntityTags.of(blob.hash().hex());
    if (EntityTags.noneMatchHits(r.ifNoneMatch(), tag)) {
      meters.response(304); // the hash is the content: the client's copy is current, no lookup
      Replies.empty(ctx, 304, r.keepAlive(), h -> BlobResponder.validators(h, tag))
          .addListener(f -> finished(ctx, r.keepAlive() && f.isSuccess()));
      return;
    }
    onWorker(ctx, r, done -> responder.respond(ctx, r, blob, done));
  }

  /** Runs a response on a worker, or answers 503 with Retry-After when every one is taken. */
  private void onWorker(
      ChannelHandlerContext ctx, DoorwayRequest r, Consumer<BlobResponder.Done> response) {
    try {
      workers.execute(() -> response.accept(keepAlive -> afterResponse(ctx, keepAlive)));
    } catch (RejectedExecutionException busyPool) {
      meters.refused(Refusal.BUSY);
      reply(
          ctx,
          r,
          503,
          "the doorway is busy; try again shortly",
          r.keepAlive(),
          h -> h.set(HttpHeaderNames.RETRY_AFTER, "1"));
    }
  }

  private void refuseMalformed(ChannelHandlerContext ctx, DoorwayRequest r) {
    Throwable cause = r.decodeFailure();
    if (cause instanceof TooLongHttpHeaderException) {
      meters.refused(Refusal.HEADER_TOO_LARGE);
      reply(
          ctx,
          r,
          431,
          "request headers larger than " + config.headerLengthMax() + " bytes",
          false,
          null);
    } else if (cause instanceof TooLongHttpLineException
        || cause instanceof TooLongFrameException) {
      meters.refused(Refusal.LINE_TOO_LONG);
      reply(ctx, r, 414, "request line too long", false, null);
    } else {
      meters.refused(Refusal.MALFORMED);
      reply(ctx, r, 400, "malformed HTTP request", false, null);
    }
  }

  private void reply(
      ChannelHandlerContext ctx,
      DoorwayRequest r,
      int status,
      String reason,
      boolean keepAlive,
      Consumer<HttpHeaders> extra) {
    meters.response(status);
    Replies.text(ctx, status, reason, r.head(), keepAlive, extra)
        .addListener(f -> finished(ctx, keepAlive && f.isSuccess()));
  }

  /** From a worker: back to the connection's event loop for what follows the response. */
  private void afterResponse(ChannelHandlerContext ctx, boolean keepAlive) {
    try {
      ctx.executor().execute(() -> finished(ctx, keepAlive));
    } catch (RejectedExecutionException closing) {
      // The doorway is shutting down: its connections are closed with its event loop.
      LOG.info("doorway closing; connection {} not continued", ctx.channel().remoteAddress());
    }
  }

  /** On the event loop, once a response is fully written: the next request, or the deadline. */
  private void finished(ChannelHandlerContext ctx, boolean keepAlive) {
    busy = false;
    if (!keepAlive) {
      waiting.clear();
      ctx.close();
      return;
    }
    DoorwayRequest next = waiting.poll();
    if (next != null) {
      handle(ctx, next);
    } else {
      armDeadline(ctx);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof WriteTimeoutException) {
      meters.refused(Refusal.ABORTED);
      LOG.info("doorway client {} stopped reading; closed", ctx.channel().remoteAddress());
    } else {
      LOG.info("doorway connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    }
    ctx.close();
  }
}
