package dev.conifer.transport.tcp;

import dev.conifer.router.PeerHandle;
import dev.conifer.transport.link.LinkSetup;
import dev.conifer.transport.link.PeerOrigin;
import dev.conifer.transport.link.SocketAddresses;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Raw TCP (PROTOCOL.md §11): the handshake, then frames back to back, so the pipeline is only the
 * frame decoder, the handshake handler and, once attached, the link handler.
 */
public final class TcpChannelInitializer extends ChannelInitializer<Channel> {
  private final LinkSetup setup;
  private final Function<Channel, PeerOrigin> origins;
  private final CompletableFuture<PeerHandle> result;

  private TcpChannelInitializer(
      LinkSetup setup,
      Function<Channel, PeerOrigin> origins,
      CompletableFuture<PeerHandle> result) {
    this.setup = setup;
    this.origins = origins;
    this.result = result;
  }

  /** For accepted connections: zone "" and the remote address as URI (PROTOCOL.md §10.2). */
  public static TcpChannelInitializer inbound(LinkSetup setup) {
    return inbound(
        setup,
        channel ->
            new PeerOrigin(
                PeerOrigin.ZONE_INBOUND_TCP,
                "tcp://" + SocketAddresses.format(channel.remoteAddress())));
  }

  /** For accepted connections whose origin depends on the listener (multicast: type and zone). */
  public static TcpChannelInitializer inbound(
      LinkSetup setup, Function<Channel, PeerOrigin> origins) {
    return new TcpChannelInitializer(setup, origins, null);
  }

  /** For one dial; {@code result} completes when the peer is attached, or exceptionally. */
  public static TcpChannelInitializer outbound(
      LinkSetup setup, PeerOrigin origin, CompletableFuture<PeerHandle> result) {
    return new TcpChannelInitializer(setup, channel -> origin, result);
  }

  @Override
  protected void initChannel(Channel channel) {
    setup.install(channel.pipeline(), origins.apply(channel), true, result);
  }
}
