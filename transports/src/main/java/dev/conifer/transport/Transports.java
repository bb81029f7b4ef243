package dev.conifer.transport;

import dev.conifer.router.PeerHandle;
import dev.conifer.router.Router;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.transport.link.LinkLimits;
import dev.conifer.transport.link.LinkSetup;
import dev.conifer.transport.link.PeerAttacher;
import dev.conifer.transport.link.PeerOrigin;
import dev.conifer.transport.link.TransportCounters;
import dev.conifer.transport.multicast.MulticastConfig;
import dev.conifer.transport.multicast.MulticastDiscovery;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peering for one router over TCP, WebSocket, QUIC and Bluetooth: listeners, one-off dials, static
 * peers that reconnect, and LAN multicast discovery ({@link #startMulticast}). Owns its Netty event
 * loops (epoll when available, else NIO).
 *
 * <p>Every connection runs its handshake independently on an event loop, bounded by a deadline
 * task, so a slow or hostile peer never delays another. Verified peers are attached to the router
 * as {@code PeerType.REMOTE} (TCP, WebSocket, QUIC), {@code MULTICAST} (found by discovery) or
 * {@code BLUETOOTH}.
 */
public final class Transports implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Transports.class);
  private static final long CLOSE_WAIT_MS = 5_000;

  private final TransportConfig config;
  private final TransportClocks clocks;
  private final TransportCounters counters = new TransportCounters();
  private final LinkSetup setup;
  private final TransportLoops loops;
  private final boolean ownsLoops;
  private final EventLoopGroup group;
  private final Class<? extends ServerChannel> serverChannelClass;
  private final Class<? extends Channel> channelClass;
  private final ChannelGroup channels =
      new DefaultChannelGroup("conifer", GlobalEventExecutor.INSTANCE);
  private final StaticPeerManager staticPeers;
  private final WriteBufferWaterMark waterMark;
  private final String ioTransport;
  private final Class<? extends DatagramChannel> datagramClass;
  private final Signer signer;
  private final StreamListener listener;
  private final StreamDialer streams;
  private final OptionalLinks optional;
  private final List<MulticastDiscovery> discoveries = new java.util.ArrayList<>(); // guarded
  private volatile boolean closed;

  public Transports(Router router, Signer signer, TransportConfig config, TransportClocks clocks) {
    this(
        PeerAttacher.of(router),
        checkSameKey(router, signer),
        Ed25519.VERIFIER,
        config,
        clocks,
        null);
  }

  /**
   * Peering on event loops made beforehand, typically the ones the router runs on. The caller keeps
   * ownership of {@code loops} and closes them after this and the router.
   */
  public Transports(
      Router router,
      Signer signer,
      TransportConfig config,
      TransportClocks clocks,
      TransportLoops loops) {
    this(
        PeerAttacher.of(router),
        checkSameKey(router, signer),
        Ed25519.VERIFIER,
        config,
        clocks,
        Objects.requireNonNull(loops, "loops"));
  }

  /** Our handshake must name the key the router signs announcements with. */
  private static Signer checkSameKey(Router router, Signer signer) {
    if (!router.publicKey().equals(signer.publicKey())) {
      throw new IllegalArgumentException(
          "the signer's key "
              + signer.publicKey().shortHex()
              + " differs from the router's "
              + router.publicKey().shortHex());
    }
    return signer;
  }

  /** For tests and tools that attach peers somewhere other than a {@link Router}. */
  public Transports(
      PeerAttacher attacher,
      Signer signer,
      Verifier verifier,
      TransportConfig config,
      TransportClocks clocks) {
    this(attacher, signer, verifier, config, clocks, null);
  }

  private Transports(
      PeerAttacher attacher,
      Signer signer,
      Verifier verifier,
      TransportConfig config,
      TransportClocks clocks,
      TransportLoops sharedLoops) {
    this.config = Objects.requireNonNull(config, "config");
    this.clocks = Objects.requireNonNull(clocks, "clocks");
    this.setup =
        new LinkSetup(
            attacher,
            signer,
            verifier,
            new LinkLimits(
                config.handshakeTimeoutNs(),
                config.writeStallTimeoutNs(),
                config.frameLengthMax(),
                config.pendingHandshakeCountMax()),
            counters);
    this.ownsLoops = sharedLoops == null;
    this.loops = ownsLoops ? TransportLoops.create(config) : sharedLoops;
    this.group = loops.group();
    this.serverChannelClass = loops.serverChannelClass();
    this.channelClass = loops.channelClass();
    this.datagramClass = loops.datagramClass();
    this.signer = signer;
    this.waterMark =
        new WriteBufferWaterMark(
            config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark());
    this.staticPeers =
        new StaticPeerManager(
            uri -> dial(uri, PeerOrigin.ZONE_STATIC),
            group.next(),
            new RedialBackoff(
                config.backoffBaseNs(), config.backoffMaxNs(), config.backoffJitter()),
            config.jitterSeed());
    this.listener =
        new StreamListener(setup, config, group, serverChannelClass, waterMark, channels);
    this.streams =
        new StreamDialer(setup, config, counters, group, channelClass, waterMark, channels);
    this.optional =
        new OptionalLinks(
            setup, signer, config, clocks, counters, group, datagramClass, waterMark, channels);
    this.ioTransport = loops.ioTransport();
    LOG.debug("transports on {} with {} I/O threads", ioTransport, config.ioThreadCount());
  }

  /**
   * Listens on {@code tcp://host:port} or {@code ws://host:port/path} (the WebSocket server accepts
   * any path, as Go does). Port 0 picks a free port; the future gives the bound address.
   */
  public CompletableFuture<InetSocketAddress> listen(URI uri) {
    try {
      return listen(PeerUri.of(uri));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@link #listen(URI)} for an address as the user typed it (also Go's bare host:port). */
  public CompletableFuture<InetSocketAddress> listen(String uri) {
    try {
      return listen(PeerUri.parse(uri));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<InetSocketAddress> listen(PeerUri peer) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("transports are closed"));
    }
    switch (peer.scheme()) {
      case QUIC:
        return optional.quicListen(peer);
      case BT:
      case BTSPP:
      case BTL2CAP:
        return optional.bluetoothListen(peer);
      default:
        return listener.listen(peer);
    }
  }

  /**
   * A static peer: dials now, and again with exponential backoff and jitter whenever it is not
   * connected, until {@link #close()}. Throws {@link IllegalArgumentException} for a bad URI, and
   * {@link IllegalStateException} for a {@code quic://} or {@code bt://} peer this machine cannot
   * reach (no native QUIC library, no Bluetooth adapter).
   */
  public void addStaticPeer(URI uri) {
    addStaticPeer(PeerUri.of(uri));
  }

  /** {@link #addStaticPeer(URI)} for an address as typed, including Go's bare host:port. */
  public void addStaticPeer(String uri) {
    addStaticPeer(PeerUri.parse(uri));
  }

  private void addStaticPeer(PeerUri peer) {
    if (peer.scheme() == PeerUri.Scheme.WSS) {
      streams.sslContext(); // fail now, not on every redial, if TLS is unavailable
    }
    optional.requireAvailable(peer); // likewise for quic:// and bt:// on this machine
    LOG.info("static peer {}", peer);
    staticPeers.add(peer);
  }

  /**
   * Stops redialling static peer {@code uri} and closes its link; completes with false if it was
   * not a static peer.
   */
  public CompletableFuture<Boolean> removeStaticPeer(URI uri) {
    return staticPeers.remove(PeerUri.of(uri));
  }

  /** One dial with zone "static"; completes once the peer is attached, or exceptionally. */
  public CompletableFuture<PeerHandle> connect(URI uri) {
    try {
      return dial(PeerUri.of(uri), PeerOrigin.ZONE_STATIC).thenApply(Dialed::handle);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@link #connect(URI)} for an address as typed, including Go's bare host:port. */
  public CompletableFuture<PeerHandle> connect(String uri) {
    try {
      return dial(PeerUri.parse(uri), PeerOrigin.ZONE_STATIC).thenApply(Dialed::handle);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  CompletableFuture<Dialed> dial(PeerUri peer, String zone) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("transports are closed"));
    }
    if (peer.scheme() == PeerUri.Scheme.QUIC) {
      return optional.quicDial(peer, zone);
    }
    if (peer.isBluetooth()) {
      return optional.bluetoothDial(peer, zone);
    }
    return streams.dial(peer, zone);
  }

  /**
   * Starts LAN multicast discovery (PROTOCOL.md §11) on the interfaces {@code config} allows:
   * beacons every 2 s, TCP dials to nodes found, peer type MULTICAST. Off unless called. Stopped by
   * {@link #close()}.
   */
  public CompletableFuture<MulticastDiscovery> startMulticast(MulticastConfig config) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("transports are closed"));
    }
    return MulticastDiscovery.start(
            new MulticastTcpHost(
                signer,
                setup,
                this.config,
                counters,
                group,
                serverChannelClass,
                channelClass,
                waterMark,
                channels,
                this::tracked),
            config,
            clocks.nano()::nanoTime)
        .thenApply(
            discovery -> {
              synchronized (this) {
                discoveries.add(discovery);
              }
              if (closed) {
                discovery.close();
              }
              return discovery;
            });
  }

  private ChannelInitializer<Channel> tracked(ChannelHandler handler) {
    return StreamDialer.tracked(channels, handler);
  }

  /** "epoll" or "nio": what the event loops run on. */
  public String ioTransport() {
    return ioTransport;
  }

  public TransportCounters counters() {
    return counters;
  }

  /** Open channels (listeners and connections, including those still handshaking). */
  public int channelCount() {
    return channels.size();
  }

  /** Handshakes in progress right now. */
  public int pendingHandshakeCount() {
    return setup.pendingHandshakeCount();
  }

  /** Failed dials since the last success, per static peer, in the order they were added. */
  public CompletableFuture<List<Integer>> staticPeerAttempts() {
    return staticPeers.attempts();
  }

  /** Exposes the counters and gauges under {@code conifer.transport.*}. */
  public void bindTo(MeterRegistry registry) {
    counters.bindTo(registry);
    Gauge.builder("conifer.transport.channels", channels, ChannelGroup::size)
        .description("open listener and peer channels")
        .register(registry);
    Gauge.builder("conifer.transport.handshakes.pending", setup, LinkSetup::pendingHandshakeCount)
        .description("handshakes in progress")
        .register(registry);
  }

  /**
   * Stops redialing, closes every listener and connection, and stops the event loops unless they
   * were handed in.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    setup.markClosing();
    staticPeers.close();
    optional.close();
    synchronized (this) {
      discoveries.forEach(MulticastDiscovery::close);
    }
    if (loops.inAnyLoop()) {
      channels.close();
    } else {
      channels.close().awaitUninterruptibly(CLOSE_WAIT_MS);
    }
    if (ownsLoops) {
      loops.close();
    }
  }
}
