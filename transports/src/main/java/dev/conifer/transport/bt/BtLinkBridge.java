package dev.conifer.transport.bt;

import dev.conifer.router.PeerHandle;
import dev.conifer.transport.link.LinkSetup;
import dev.conifer.transport.link.PeerOrigin;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Puts a blocking Bluetooth byte stream under the same pipeline TCP uses (frame decoder, handshake
 * handler, link handler). Each stream gets a pair of in-process Netty {@link LocalChannel}s: the
 * "net" end carries the peering pipeline, the "radio" end ({@link BtRadioHandler}) copies bytes to
 * and from the stream on two threads of its own, since JSR-82 I/O blocks. Local channels need an
 * event loop of their own ({@link LocalIoHandler}); the bridge owns one thread for all its links.
 */
public final class BtLinkBridge implements AutoCloseable {
  private static final AtomicLong IDS = new AtomicLong();

  private final LinkSetup setup;
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(
          1, new DefaultThreadFactory("conifer-bt-loop", true), LocalIoHandler.newFactory());
  private final Consumer<Channel> tracker;
  private final LocalAddress serverAddress =
      new LocalAddress("conifer-bt-" + IDS.incrementAndGet());
  private final Map<LocalAddress, Pending> pending = new ConcurrentHashMap<>();
  private ChannelFuture server; // guarded by this

  /** One stream waiting for its net end to be accepted. */
  record Pending(
      PeerOrigin origin, CompletableFuture<PeerHandle> result, CompletableFuture<Channel> net) {}

  /** An attached stream: the net end (closed when the peering ends) and the router handle. */
  public record Attached(Channel net, PeerHandle handle) {}

  public BtLinkBridge(LinkSetup setup, Consumer<Channel> tracker) {
    this.setup = setup;
    this.tracker = tracker;
  }

  /** Closes every bridged link and stops the bridge's event loop. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  private synchronized ChannelFuture server() {
    if (server == null) {
      server =
          new ServerBootstrap()
              .group(group)
              .channel(LocalServerChannel.class)
              .childHandler(
                  new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel net) {
                      Pending p = pending.remove(net.remoteAddress());
                      if (p == null) {
                        net.close();
                        return;
                      }
                      tracker.accept(net);
                      p.net().complete(net);
                      setup.install(net.pipeline(), p.origin(), true, p.result());
                    }
                  })
              .bind(serverAddress);
      server.addListener(
          (ChannelFuture f) -> {
            if (f.isSuccess()) {
              tracker.accept(f.channel());
            }
          });
    }
    return server;
  }

  /**
   * Runs the peering handshake over {@code stream} and attaches it; completes once attached, or
   * exceptionally (the stream is then closed).
   */
  public CompletableFuture<Attached> attach(BtStream stream, PeerOrigin origin) {
    CompletableFuture<PeerHandle> result = new CompletableFuture<>();
    CompletableFuture<Channel> net = new CompletableFuture<>();
    LocalAddress radioAddress = new LocalAddress("conifer-bt-radio-" + IDS.incrementAndGet());
    pending.put(radioAddress, new Pending(origin, result, net));
    server()
        .addListener(
            (ChannelFuture bound) -> {
              if (!bound.isSuccess()) {
                fail(radioAddress, stream, bound.cause());
                return;
              }
              new Bootstrap()
                  .group(group)
                  .channel(LocalChannel.class)
                  .handler(new BtRadioHandler(stream, net))
                  .connect(serverAddress, radioAddress)
                  .addListener(
                      (ChannelFuture connected) -> {
                        if (!connected.isSuccess()) {
                          fail(radioAddress, stream, connected.cause());
                        } else {
                          tracker.accept(connected.channel());
                        }
                      });
            });
    // A failed handshake fails result; the net end exists by then and just closes.
    return result.thenCombine(net, (handle, channel) -> new Attached(channel, handle));
  }

  private void fail(LocalAddress radioAddress, BtStream stream, Throwable cause) {
    Pending p = pending.remove(radioAddress);
    closeQuietly(stream);
    if (p != null) {
      p.result().completeExceptionally(cause);
      p.net().completeExceptionally(cause);
    }
  }

  static void closeQuietly(BtStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // already broken
    }
  }
}
