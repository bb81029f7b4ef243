package dev.conifer.node.doorway;

import dev.conifer.transfer.BlobsConfig;
import dev.conifer.transfer.fetch.BlobStreamer;
import dev.conifer.transfer.fetch.HolderIndex;
import dev.conifer.transfer.store.BlobStore;
import dev.conifer.transfer.wire.BlobConnector;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.WriteTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The doorway: a read-only HTTP/1.1 server for browsers on its own address, separate from the admin
 * server (no /status, no /metrics here). It serves {@code GET|HEAD /blobs/HASH[/NAME]} with the
 * semantics of RFC 9110, streaming blobs this node does not hold from their holders, and the pages
 * of published namespaces ({@code /ns/NSID/[KEY]}, {@link NamespacePages}). Every resource is
 * bounded: connections, workers, the request queue, header size, per-client rate, blob size, and
 * the time a client may take to send a request or to read a response (docs/DOORWAY.md).
 *
 * <p>Threads: one event loop parses requests and answers the cheap ones (errors, 304, preflight); a
 * fixed pool of workers produces blob responses, and a fixed pool probes holders.
 */
public final class DoorwayServer implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel serverChannel;
  private final ThreadPoolExecutor workers;
  private final ThreadPoolExecutor probes;

  private DoorwayServer(
      EventLoopGroup group,
      Channel serverChannel,
      ThreadPoolExecutor workers,
      ThreadPoolExecutor probes) {
    this.group = group;
    this.serverChannel = serverChannel;
    this.workers = workers;
    this.probes = probes;
  }

  /**
   * Binds {@code config.bind()} and serves blobs from {@code store}, or from the holders {@code
   * holders} names, reached through {@code connector}; namespace pages from {@code namespaces}
   * (null: none, every /ns/ path is 404). A bind failure is an {@link IllegalStateException} naming
   * the address.
   */
  public static DoorwayServer start(
      DoorwayConfig config,
      BlobStore store,
      BlobConnector connector,
      HolderIndex holders,
      NamespaceReader namespaces,
      MeterRegistry registry) {
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            config.workers(),
            config.workers(),
            0,
            TimeUnit.MILLISECONDS,
            config.queue() == 0
                ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(config.queue()),
            new DefaultThreadFactory("conifer-doorway-worker", true));
    // Each worker probes at most holdersMax holders at once; the queue is bounded by that product.
    int probeThreads = Math.min(config.workers() * config.holdersMax(), 32);
    ThreadPoolExecutor probes =
        new ThreadPoolExecutor(
            probeThreads,
            probeThreads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            new DefaultThreadFactory("conifer-doorway-probe", true));
    // A ThreadPoolExecutor starts a new core thread for each task until all exist, even while
    // others idle: a request would wait for a thread to be created (tens of ms on a busy machine,
    // measured on the first-byte path). The pools are fixed anyway, so create them now.
    workers.prestartAllCoreThreads();
    probes.prestartAllCoreThreads();
    BlobStreamer streamer =
        new BlobStreamer(
            store,
            connector,
            holders,
            BlobsConfig.defaults(),
            probes,
            config.holdersMax(),
            config.probeTimeout(),
            System::nanoTime);
    DoorwayMeters meters = new DoorwayMeters(registry, workers, streamer.counters());
    ClientRateLimiter limiter =
        new ClientRateLimiter(
            config.requestsPerSecond(), config.burst(), 100_000, System::nanoTime);
    BlobResponder responder = new BlobResponder(streamer, config, meters);
    NamespacePages pages =
        namespaces == null ? null : new NamespacePages(namespaces, config, meters);
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("conifer-doorway-io", true), NioIoHandler.newFactory());
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec(4096, config.headerLengthMax(), 8192))
                        .addLast(
                            new WriteTimeoutHandler(
                                config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS))
                        .addLast(
                            new DoorwayHandler(config, limiter, meters, responder, pages, workers));
                  }
                });
    InetSocketAddress bind = config.bind();
    if (bind.isUnresolved()) {
      bind = new InetSocketAddress(bind.getHostString(), bind.getPort());
    }
    try {
      if (bind.isUnresolved()) {
        throw new IllegalStateException("cannot resolve host '" + bind.getHostString() + "'");
      }
      Channel channel = bootstrap.bind(bind).syncUninterruptibly().channel();
      return new DoorwayServer(group, channel, workers, probes);
    } catch (Exception e) { // BindException and friends arrive unchecked
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownNow();
      probes.shutdownNow();
      throw new IllegalStateException(
          "cannot bind " + config.bind() + " (" + e.getMessage() + ")", e);
    }
  }

  /** The bound address (the real port when started with port 0). */
  public InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownNow();
    probes.shutdownNow();
  }
}
