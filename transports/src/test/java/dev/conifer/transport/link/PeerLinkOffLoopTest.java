package dev.conifer.transport.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.transport.testing.FakeAttacher;
import dev.conifer.transport.testing.TestKeys;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The router writes from its own thread, so frames can arrive after the link went down: they must
 * be released, not left in a queue nobody drains (a leak CI once caught in a loopback test).
 */
class PeerLinkOffLoopTest {
  private final EventLoopGroup loop = new DefaultEventLoopGroup(1);
  private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
  private final FakeAttacher dialer = new FakeAttacher();
  private final FakeAttacher acceptor = new FakeAttacher();

  @AfterEach
  void stopLoop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static LinkSetup setup(FakeAttacher attacher, Signer key) {
    return new LinkSetup(
        attacher, key, Ed25519.VERIFIER, LinkLimits.defaults(), new TransportCounters());
  }

  private static ChannelInitializer<Channel> installing(LinkSetup setup, boolean outbound) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        setup.install(ch.pipeline(), new PeerOrigin("", "local"), outbound, null);
      }
    };
  }

  @Test
  void framesWrittenOffTheLoopAfterTheLinkWentDownAreReleased() {
    LocalAddress address = new LocalAddress("peer-link-off-loop");
    Channel server =
        new ServerBootstrap()
            .group(loop)
            .channel(LocalServerChannel.class)
            .childHandler(installing(setup(acceptor, TestKeys.B), true))
            .bind(address)
            .syncUninterruptibly()
            .channel();
    Channel client =
        new Bootstrap()
            .group(loop)
            .channel(LocalChannel.class)
            .option(ChannelOption.ALLOCATOR, alloc)
            .handler(installing(setup(dialer, TestKeys.A), true))
            .connect(address)
            .syncUninterruptibly()
            .channel();
    await().atMost(Duration.ofSeconds(10)).until(() -> !dialer.attached.isEmpty());
    FakeAttacher.Attached peering = dialer.last();
    long heldBefore = alloc.metric().usedDirectMemory();

    client.close().syncUninterruptibly();
    await().atMost(Duration.ofSeconds(10)).until(() -> peering.handle().closed());
    for (int i = 0; i < 100; i++) {
      assertThat(peering.link().claim(64)).as("no arena room off the loop").isNull();
      peering.link().write(ByteBuffer.wrap(TestKeys.keepalive()));
    }
    // No flush: a router need not flush a link it knows is down.

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> alloc.metric().usedDirectMemory() <= heldBefore);
    assertThat(alloc.metric().usedDirectMemory()).isLessThanOrEqualTo(heldBefore);
    server.close().syncUninterruptibly();
  }
}
