package dev.conifer.transport.tcp;

import dev.conifer.router.PeerHandle;
import dev.conifer.transport.link.LinkSetup;
import dev.conifer.transport.link.PeerOrigin;
import dev.conifer.transport.link.SocketAddresses;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.util.concurrent.CompletableFuture;

/**
 * Raw TCP (PROTOCOL.md §11): the handshake, then frames back to back, so the pipeline is only the
 * frame decoder, the handshake handler and, once attached, the link handler.
 */
public final class TcpChannelInitializer extends ChannelInitializer<Channel> {
  private final LinkSetup setup;
  private final PeerOrigin origin;
  private final CompletableFuture<PeerHandle> result;

  private TcpChannelInitializer(
      LinkSetup setup, PeerOrigin origin, CompletableFuture<PeerHandle> result) {
    this.setup = setup;
    this.origin = origin;
    this.result = result;
  }

  /** For accepted connections: zone "" and the remote address as URI (PROTOCOL.md §10.2). */
  public static TcpChannelInitializer inbound(LinkSetup setup) {
    return new TcpChannelInitializer(setup, null, null);
  }

  /** For one dial; {@code result} completes when the peer is attached, or exceptionally. */
  public static TcpChannelInitializer outbound(
      LinkSetup setup, PeerOrigin origin, CompletableFuture<PeerHandle> result) {
    return new TcpChannelInitializer(setup, origin, result);
  }

  @Override
  protected void initChannel(Channel channel) {
    PeerOrigin peerOrigin =
        origin != null
            ? origin
            : new PeerOrigin(
                PeerOrigin.ZONE_INBOUND_TCP,
                "tcp://" + SocketAddresses.format(channel.remoteAddress()));
    setup.install(channel.pipeline(), peerOrigin, true, result);
  }
}
