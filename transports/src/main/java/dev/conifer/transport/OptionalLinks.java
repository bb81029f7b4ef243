package dev.conifer.transport;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.transport.bt.BluetoothPeering;
import dev.conifer.transport.bt.BluetoothSupport;
import dev.conifer.transport.bt.BtLinkBridge;
import dev.conifer.transport.link.LinkSetup;
import dev.conifer.transport.link.SocketAddresses;
import dev.conifer.transport.link.TransportCounters;
import dev.conifer.transport.quic.QuicConfig;
import dev.conifer.transport.quic.QuicPeering;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.DatagramChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transports that need a native library or hardware, QUIC and Bluetooth, created on first use:
 * a node that never names {@code quic://} or {@code bt://} never loads quiche or BlueCove. When one
 * cannot run, its URIs fail with one clear message and no stack trace.
 */
final class OptionalLinks {
  private static final Logger LOG = LoggerFactory.getLogger(Transports.class);

  private final LinkSetup setup;
  private final Signer signer;
  private final TransportClocks clocks;
  private final TransportConfig config;
  private final TransportCounters counters;
  private final EventLoopGroup group;
  private final Class<? extends DatagramChannel> datagramClass;
  private final WriteBufferWaterMark waterMark;
  private final ChannelGroup channels;
  private QuicPeering quicPeering; // guarded by this
  private BluetoothPeering bluetoothPeering; // guarded by this
  private boolean bluetoothWarned; // guarded by this

  OptionalLinks(
      LinkSetup setup,
      Signer signer,
      TransportConfig config,
      TransportClocks clocks,
      TransportCounters counters,
      EventLoopGroup group,
      Class<? extends DatagramChannel> datagramClass,
      WriteBufferWaterMark waterMark,
      ChannelGroup channels) {
    this.setup = setup;
    this.signer = signer;
    this.config = config;
    this.clocks = clocks;
    this.counters = counters;
    this.group = group;
    this.datagramClass = datagramClass;
    this.waterMark = waterMark;
    this.channels = channels;
  }

  CompletableFuture<InetSocketAddress> quicListen(PeerUri peer) {
    QuicPeering quic;
    try {
      quic = quic();
    } catch (IllegalStateException e) {
      return CompletableFuture.failedFuture(e);
    }
    return quic.listen(peer.host(), peer.port())
        .thenApply(
            bound -> {
              LOG.info("listening on quic://{}", SocketAddresses.format(bound));
              return bound;
            });
  }

  CompletableFuture<Dialed> quicDial(PeerUri peer, String zone) {
    counters.dialStarted();
    CompletableFuture<QuicPeering.Dialed> dialed;
    try {
      dialed =
          quic()
              .dial(
                  resolved(peer),
                  zone,
                  peer.toString(),
                  TimeUnit.NANOSECONDS.toMillis(config.dialTimeoutNs()));
    } catch (IllegalStateException | IllegalArgumentException e) {
      counters.dialFailed();
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Dialed> result = new CompletableFuture<>();
    dialed.whenComplete(
        (d, error) -> {
          if (error != null) {
            counters.dialFailed();
            result.completeExceptionally(
                error instanceof java.util.concurrent.CompletionException
                        && error.getCause() != null
                    ? error.getCause()
                    : error);
          } else {
            result.complete(new Dialed(d.stream(), d.handle()));
          }
        });
    return result;
  }

  /** QUIC dials need a resolved address; a literal needs no lookup, a name is resolved here. */
  private static InetSocketAddress resolved(PeerUri peer) {
    InetSocketAddress address = new InetSocketAddress(peer.host(), peer.port());
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("cannot resolve " + peer.host() + " for " + peer);
    }
    return address;
  }

  /** Created on first use, so the native QUIC library loads only for nodes that use quic://. */
  private synchronized QuicPeering quic() {
    if (quicPeering == null) {
      String unavailable = QuicPeering.unavailableReason();
      if (unavailable != null) {
        throw new IllegalStateException("quic:// is disabled: " + unavailable);
      }
      quicPeering =
          new QuicPeering(
              setup,
              signer,
              clocks.wall().instant(),
              QuicConfig.defaults(),
              group,
              datagramClass,
              waterMark,
              channels::add);
    }
    return quicPeering;
  }

  /**
   * Bluetooth listeners complete with an unresolved address: our adapter address and the RFCOMM
   * channel or L2CAP PSM that the SDP record advertises.
   */
  CompletableFuture<InetSocketAddress> bluetoothListen(PeerUri peer) {
    try {
      return bluetooth().listen(peer);
    } catch (IllegalStateException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  CompletableFuture<Dialed> bluetoothDial(PeerUri peer, String zone) {
    counters.dialStarted();
    BluetoothPeering bt;
    try {
      bt = bluetooth();
    } catch (IllegalStateException e) {
      counters.dialFailed();
      return CompletableFuture.failedFuture(e);
    }
    return bt.dial(peer, zone)
        .handle(
            (attached, error) -> {
              if (error != null) {
                counters.dialFailed();
                throw error instanceof java.util.concurrent.CompletionException
                    ? (java.util.concurrent.CompletionException) error
                    : new java.util.concurrent.CompletionException(error);
              }
              return new Dialed(attached.net(), attached.handle());
            });
  }

  /** Probed on first bt:// use; without BlueCove's native stack or an adapter, one clear line. */
  private synchronized BluetoothPeering bluetooth() {
    if (bluetoothPeering == null) {
      String unavailable = BluetoothSupport.unavailableReason();
      if (unavailable != null) {
        if (!bluetoothWarned) {
          bluetoothWarned = true;
          LOG.warn(unavailable);
        }
        throw new IllegalStateException(unavailable);
      }
      bluetoothPeering = new BluetoothPeering(new BtLinkBridge(setup, channels::add));
    }
    return bluetoothPeering;
  }

  /** Throws {@link IllegalStateException} (one clear message) if {@code peer} cannot run here. */
  void requireAvailable(PeerUri peer) {
    if (peer.scheme() == PeerUri.Scheme.QUIC) {
      quic();
    } else if (peer.isBluetooth()) {
      bluetooth();
    }
  }

  synchronized void close() {
    if (bluetoothPeering != null) {
      bluetoothPeering.close();
    }
  }
}
