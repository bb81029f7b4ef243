package dev.conifer.session;

import dev.conifer.router.Router;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.transport.tls.Ed25519Certificates;
import dev.conifer.transport.tls.Ed25519Tls;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicConnectionStats;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.codec.quic.QuicTokenHandler;
import io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Single-stream session throughput through 3 in-memory relays, against raw Netty QUIC over UDP on
 * 127.0.0.1 with the same TLS, windows and datagram size, measured in the same run. Not a test: run
 * it by hand (docs/PERFORMANCE.md "Sessions"). Args: [MiB per run, default 256] [runs, 3].
 */
public final class SessionThroughputBench {
  private static final String ALPN = "conifer-bench";
  private static final byte[] CHUNK = new byte[64 << 10];
  private static final boolean VERBOSE = Boolean.getBoolean("bench.verbose");

  private SessionThroughputBench() {}

  public static void main(String[] args) throws Exception {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    long bytes = mib << 20;
    System.out.printf(
        "session throughput, one stream, %d MiB per run, best of %d, %d cores%n",
        mib, runs, Runtime.getRuntime().availableProcessors());
    int[] sizes =
        args.length > 2
            ? new int[] {Integer.parseInt(args[2])}
            : new int[] {SessionConfig.GO_DATAGRAM_SIZE, SessionConfig.LARGE_DATAGRAM_SIZE};
    for (int datagram : sizes) {
      SessionConfig config = SessionConfig.defaults().withMaxDatagramSize(datagram);
      double udp = best(runs, () -> rawUdp(config, bytes));
      double relays = best(runs, () -> overlay(config, bytes, 5));
      double direct = best(runs, () -> overlay(config, bytes, 2));
      System.out.printf(
          "datagram %5d B: raw QUIC/UDP %6.1f MiB/s | sessions direct %6.1f MiB/s | "
              + "sessions via 3 relays %6.1f MiB/s = %3.0f%% of raw%n",
          datagram, udp, direct, relays, 100 * relays / udp);
    }
  }

  private interface Run {
    double mibPerSecond() throws Exception;
  }

  private static double best(int runs, Run run) throws Exception {
    double best = 0;
    for (int i = 0; i < runs; i++) {
      best = Math.max(best, run.mibPerSecond());
    }
    return best;
  }

  /**
   * One run: its rate and the sender's QUIC packet counts (packets of about the datagram size mean
   * full packets; many more mean small ones, e.g. ACK-clocked partial sends).
   */
  record Throughput(double mibPerSecond, long packets, long sentBytes, long lost) {
    long averagePacket() {
      return packets == 0 ? 0 : sentBytes / packets;
    }
  }

  /** Writes {@code bytes}, FIN, then waits for the receiver's 8-byte count. */
  static double push(SessionStream stream, long bytes) throws Exception {
    return pushCounted(stream, bytes).mibPerSecond();
  }

  /** As {@link #push}, with the sender connection's packet counts. */
  static Throughput pushCounted(SessionStream stream, long bytes) throws Exception {
    long start = System.nanoTime();
    OutputStream out = stream.outputStream();
    for (long left = bytes; left > 0; left -= CHUNK.length) {
      out.write(CHUNK, 0, (int) Math.min(CHUNK.length, left));
    }
    out.close();
    long counted = new DataInputStream(stream.inputStream()).readLong();
    double seconds = (System.nanoTime() - start) / 1e9;
    QuicConnectionStats stats =
        ((QuicChannel) stream.channel().parent()).collectStats().get(5, TimeUnit.SECONDS);
    Throughput result =
        new Throughput(bytes / 1048576.0 / seconds, stats.sent(), stats.sentBytes(), stats.lost());
    if (VERBOSE) {
      System.out.printf(
          "  run: %.1f MiB/s, packets sent %d (%d bytes), lost %d%n",
          result.mibPerSecond(), stats.sent(), stats.sentBytes(), stats.lost());
    }
    stream.close();
    if (counted != bytes) {
      throw new IllegalStateException("receiver counted " + counted + " of " + bytes);
    }
    return result;
  }

  static void count(SessionStream stream) throws Exception {
    InputStream in = stream.inputStream();
    byte[] buffer = new byte[64 << 10];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      total += n;
    }
    DataOutputStream out = new DataOutputStream(stream.outputStream());
    out.writeLong(total);
    out.close();
  }

  private static double overlay(SessionConfig config, long bytes, int routers) throws Exception {
    try (TestOverlay overlay = new TestOverlay()) {
      List<Router> chain = overlay.chain(1, routers);
      Sessions a = overlay.sessions(chain.get(0), 1, config);
      Sessions b = overlay.sessions(chain.get(routers - 1), routers, config);
      b.listen(ALPN, SessionThroughputBench::count);
      return push(a.dial(b.publicKey(), ALPN).get(30, TimeUnit.SECONDS), bytes);
    }
  }

  static double rawUdp(SessionConfig config, long bytes) throws Exception {
    return rawUdpCounted(config, bytes).mibPerSecond();
  }

  /**
   * Raw UDP sockets: epoll with segmentation offload both ways (GSO sends a burst of QUIC packets
   * in one call, GRO reads it as one) where available, as Netty's QUIC documentation recommends;
   * otherwise NIO, one datagram per system call. Without batching every datagram is read on its
   * own, so the receiver ACKs nearly every packet and the sender, clocked by those ACKs, sends many
   * part-filled packets: at 1,200 B about twice the packets of a batched path, and slower than the
   * same stream relayed through the overlay (whose QUIC loop reads in batches). {@code
   * -Dbench.rawUdp=nio} forces NIO.
   */
  static final boolean RAW_EPOLL =
      !"nio".equals(System.getProperty("bench.rawUdp")) && Epoll.isAvailable();

  /** The same stream adapter and TLS over a real UDP socket pair on loopback. */
  static Throughput rawUdpCounted(SessionConfig config, long bytes) throws Exception {
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            2, RAW_EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    ExecutorService handlers = Executors.newCachedThreadPool();
    Signer serverKey = TestOverlay.signer(1);
    Signer clientKey = TestOverlay.signer(2);
    Ed25519Tls serverTls =
        new Ed25519Tls(serverKey, Ed25519Certificates.selfSigned(serverKey, Instant.now()));
    Ed25519Tls clientTls =
        new Ed25519Tls(clientKey, Ed25519Certificates.selfSigned(clientKey, Instant.now()));
    try {
      ChannelHandler serverCodec =
          QuicEndpoint.tune(new QuicServerCodecBuilder(), config)
              .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, segments())
              .sslContext(serverTls.server(List.of(ALPN)))
              .tokenHandler(new NoTokens())
              .handler(new ChannelInboundHandlerAdapter())
              .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
              .streamHandler(
                  new ChannelInboundHandlerAdapter() {
                    @Override
                    public void handlerAdded(ChannelHandlerContext ctx) {
                      StreamBridge bridge = new StreamBridge();
                      ctx.pipeline().replace(this, "bridge", bridge);
                      QuicSessionStream s =
                          new QuicSessionStream(
                              (QuicStreamChannel) ctx.channel(),
                              bridge,
                              clientKey.publicKey(),
                              ALPN);
                      handlers.execute(
                          () -> {
                            try {
                              count(s);
                            } catch (Exception e) {
                              s.close();
                            }
                          });
                    }

                    @Override
                    public boolean isSharable() {
                      return true;
                    }
                  })
              .build();
      Channel server =
          udp(group)
              .handler(serverCodec)
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      ChannelHandler clientCodec =
          QuicEndpoint.tune(new QuicClientCodecBuilder(), config)
              .sslContext(clientTls.client(ALPN))
              .build();
      Channel client =
          udp(group)
              .handler(clientCodec)
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      QuicChannel quic =
          QuicChannel.newBootstrap(client)
              .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, segments())
              .handler(new ChannelInboundHandlerAdapter())
              .streamHandler(new ChannelInboundHandlerAdapter())
              .remoteAddress(server.localAddress())
              .connect()
              .get(10, TimeUnit.SECONDS);
      StreamBridge bridge = new StreamBridge();
      QuicStreamChannel ch =
          quic.createStream(QuicStreamType.BIDIRECTIONAL, bridge).get(10, TimeUnit.SECONDS);
      ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
      Throughput result =
          pushCounted(new QuicSessionStream(ch, bridge, serverKey.publicKey(), ALPN), bytes);
      quic.close().sync();
      client.close().sync();
      server.close().sync();
      return result;
    } finally {
      handlers.shutdownNow();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** GSO: up to 16 QUIC packets per system call on epoll; none (one per call) on NIO. */
  private static SegmentedDatagramPacketAllocator segments() {
    return RAW_EPOLL
        ? EpollQuicUtils.newSegmentedAllocator(16)
        : SegmentedDatagramPacketAllocator.NONE;
  }

  private static Bootstrap udp(EventLoopGroup group) {
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65_536))
            .option(ChannelOption.SO_RCVBUF, 4 << 20);
    return RAW_EPOLL
        ? bootstrap.channel(EpollDatagramChannel.class).option(EpollChannelOption.UDP_GRO, true)
        : bootstrap.channel(NioDatagramChannel.class);
  }

  private static final class NoTokens implements QuicTokenHandler {
    @Override
    public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
      return false;
    }

    @Override
    public int validateToken(ByteBuf token, InetSocketAddress address) {
      return 0;
    }

    @Override
    public int maxTokenLength() {
      return 0;
    }
  }
}
