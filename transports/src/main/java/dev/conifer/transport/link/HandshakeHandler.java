package dev.conifer.transport.link;

import dev.conifer.router.PeerHandle;
import dev.conifer.router.PeerInfo;
import dev.conifer.router.spi.Link;
import dev.conifer.snek.wire.Handshake;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.WireException;
import dev.conifer.transport.frame.FrameDecoder;
import dev.conifer.transport.frame.ReceivedHandshake;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the peering handshake of PROTOCOL.md §3 on one connection, without blocking: send our 104
 * bytes as soon as the stream is open, verify theirs (version, capabilities, signature, and not our
 * own key), then replace itself with a {@link PeerLinkHandler} attached to the router. One deadline
 * task on the channel's event loop bounds the whole exchange, so a silent peer costs a timer, never
 * a thread or another peer's accept.
 *
 * <p>Any failure closes the connection, counts the reason and fails the {@code result} future.
 */
final class HandshakeHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(HandshakeHandler.class);

  private final LinkSetup setup;
  private final PeerOrigin origin;
  private final boolean startOnActive;
  private final CompletableFuture<PeerHandle> result;

  private ScheduledFuture<?> deadline;
  private boolean slotTaken;
  private boolean sent;
  private boolean done;

  HandshakeHandler(
      LinkSetup setup,
      PeerOrigin origin,
      boolean startOnActive,
      CompletableFuture<PeerHandle> result) {
    this.setup = setup;
    this.origin = origin;
    this.startOnActive = startOnActive;
    this.result = result;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      begin(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    begin(ctx);
    ctx.fireChannelActive();
  }

  private void begin(ChannelHandlerContext ctx) {
    if (deadline != null || done) {
      return;
    }
    if (!setup.tryBeginHandshake()) {
      fail(
          ctx,
          HandshakeFailure.TOO_MANY_PENDING,
          "refusing " + SocketAddresses.format(ctx.channel().remoteAddress()));
      return;
    }
    slotTaken = true;
    long timeoutNs = setup.limits().handshakeTimeoutNs();
    deadline =
        ctx.executor()
            .schedule(
                () ->
                    fail(
                        ctx,
                        HandshakeFailure.TIMEOUT,
                        TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms"),
                timeoutNs,
                TimeUnit.NANOSECONDS);
    if (startOnActive) {
      send(ctx);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event == StreamReadyEvent.INSTANCE) {
      if (!done) {
        send(ctx);
      }
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  private void send(ChannelHandlerContext ctx) {
    if (sent) {
      return;
    }
    sent = true;
    ctx.writeAndFlush(Unpooled.wrappedBuffer(setup.handshake()))
        .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (done || !(msg instanceof ReceivedHandshake)) {
      // Leftovers after a failure, or something no transport should deliver before a handshake.
      ReferenceCountUtil.release(msg);
      if (!done) {
        fail(ctx, HandshakeFailure.ERROR, "unexpected " + msg.getClass().getSimpleName());
      }
      return;
    }
    PublicKey key;
    try {
      key = Handshake.decode(((ReceivedHandshake) msg).bytes(), setup.verifier());
    } catch (WireException e) {
      fail(ctx, HandshakeFailure.of(e.reason()), e.getMessage());
      return;
    }
    if (key.equals(setup.localKey())) {
      fail(ctx, HandshakeFailure.SELF_PEERING, key.shortHex());
      return;
    }
    String refusal = origin.keyCheck().refusal(key);
    if (refusal != null) {
      fail(ctx, HandshakeFailure.KEY_MISMATCH, key.shortHex() + ": " + refusal);
      return;
    }
    if (!ctx.channel().isActive()) {
      // The decoder flushes what it holds when the channel closes: do not attach a dead link.
      fail(ctx, HandshakeFailure.CLOSED, key.shortHex());
      return;
    }
    send(ctx); // A peer may answer before our stream-ready signal; it still gets ours first.
    attach(ctx, key);
  }

  private void attach(ChannelHandlerContext ctx, PublicKey key) {
    finish();
    PeerLinkHandler link = new PeerLinkHandler(setup);
    ctx.pipeline().replace(this, "link", link);
    ctx.pipeline()
        .addBefore(
            "link",
            "write-stall",
            new WriteStallWatchdog(setup.limits().writeStallTimeoutNs(), link::close));
    // This runs on the channel's event loop: a router hosted here writes to the link directly,
    // any other gets the cross-thread queue.
    Link routerLink = link;
    if (!setup.attacher().runsOnCallingThread()) {
      CrossThreadLink crossThread = new CrossThreadLink(link);
      ctx.pipeline().addBefore("link", "cross-thread", crossThread);
      routerLink = crossThread;
    }
    PeerInfo info = new PeerInfo(key, origin.type(), origin.zone(), origin.uri());
    PeerHandle handle;
    try {
      handle = setup.attacher().attach(info, routerLink);
    } catch (RuntimeException e) {
      refuse(link, HandshakeFailure.ATTACH_FAILED, String.valueOf(e.getMessage()));
      return;
    }
    if (handle == null) {
      refuse(link, HandshakeFailure.NO_FREE_PORT, key.shortHex());
      return;
    }
    link.bind(handle);
    FrameDecoder decoder = ctx.pipeline().get(FrameDecoder.class);
    if (decoder != null) {
      decoder.sinkTo(link);
      link.readFrom(decoder);
    }
    setup.counters().handshakeCompleted();
    LOG.debug( // the router's listener logs the peer up
        "peer {} up on port {} ({}, zone \"{}\", {})",
        key.shortHex(),
        handle.port(),
        origin.type(),
        origin.zone(),
        origin.uri());
    if (result != null) {
      result.complete(handle);
    }
  }

  private void refuse(PeerLinkHandler link, HandshakeFailure failure, String detail) {
    setup.counters().handshakeFailed(failure);
    LOG.info("peering refused: {}: {}", failure.description(), detail);
    if (result != null) {
      result.completeExceptionally(new PeeringException(failure, detail));
    }
    link.close(failure.description());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!done) {
      fail(ctx, HandshakeFailure.CLOSED, SocketAddresses.format(ctx.channel().remoteAddress()));
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!done) {
      fail(ctx, HandshakeFailure.ERROR, String.valueOf(cause.getMessage()));
    }
    // After a failure the channel is closing: leftovers (a rejected frame, a reset) are expected.
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    finish();
  }

  private void fail(ChannelHandlerContext ctx, HandshakeFailure failure, String detail) {
    if (done) {
      return;
    }
    finish();
    setup.counters().handshakeFailed(failure);
    LOG.debug(
        "handshake with {} failed: {}: {}",
        SocketAddresses.format(ctx.channel().remoteAddress()),
        failure.description(),
        detail);
    if (result != null) {
      result.completeExceptionally(new PeeringException(failure, detail));
    }
    ctx.close();
  }

  /** Ends the handshake phase exactly once: cancels the deadline and frees the pending slot. */
  private void finish() {
    done = true;
    if (deadline != null) {
      deadline.cancel(false);
    }
    if (slotTaken) {
      slotTaken = false;
      setup.endHandshake();
    }
  }
}
