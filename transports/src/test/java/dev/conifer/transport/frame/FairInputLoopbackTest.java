package dev.conifer.transport.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.Handshake;
import dev.conifer.transport.testing.TestKeys;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two links on one event loop, as on a relay: one floods keepalives, the other sends one frame.
 * With a share of frames per turn, the other link's frame is handed on within a few turns of its
 * arrival, however much of the flood is still waiting (without it, a turn took every byte the
 * flooder's socket held).
 */
class FairInputLoopbackTest {
  private static final int SHARE = 64;
  private static final int FLOOD_FRAMES = 2_000_000;
  private static final int MARKER_TYPE = 222;

  private final MultiThreadIoEventLoopGroup loop =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final AtomicLong floodSunk = new AtomicLong();
  private final AtomicLong floodSunkAtMarker = new AtomicLong(-1);
  private final java.util.List<Channel> links = new java.util.concurrent.CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aFloodingLinkCannotStarveAnotherLinksFrames() throws Exception {
    Channel server =
        new ServerBootstrap()
            .group(loop)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    links.add(channel);
                    FrameDecoder decoder = new FrameDecoder(FrameHeader.FRAME_LENGTH_MAX, SHARE);
                    channel.pipeline().addLast(decoder, new SinkOnHandshake(decoder));
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
    InetSocketAddress address = (InetSocketAddress) server.localAddress();
    try (Socket flooder = connect(address);
        Socket other = connect(address)) {
      Thread flood = new Thread(() -> flood(flooder), "flooder");
      flood.setDaemon(true);
      flood.start();
      // Wait until the flood is well under way and the loop is busy with it.
      await().atMost(Duration.ofSeconds(30)).until(() -> floodSunk.get() > 10_000);
      // Hold the loop while the marker is written, so the count starts when the loop sees both
      // links readable, not when this thread (which a busy machine may deschedule) was last run.
      CountDownLatch loopHeld = new CountDownLatch(1);
      CountDownLatch markerWritten = new CountDownLatch(1);
      loop.next()
          .execute(
              () -> {
                loopHeld.countDown();
                awaitUninterruptibly(markerWritten);
              });
      assertThat(loopHeld.await(30, TimeUnit.SECONDS)).as("the loop ran the hold").isTrue();
      long before = floodSunk.get();
      OutputStream out = other.getOutputStream();
      out.write(TestKeys.unknownFrame(MARKER_TYPE, 16, (byte) 1));
      out.flush();
      markerWritten.countDown();
      await().atMost(Duration.ofSeconds(30)).until(() -> floodSunkAtMarker.get() >= 0);
      long floodFramesInBetween = floodSunkAtMarker.get() - before;
      System.out.printf(
          "fair input: the marker came after %d flood frames%n", floodFramesInBetween);
      assertThat(floodSunkAtMarker.get())
          .as("the marker came while the flood was still being read")
          .isLessThan(FLOOD_FRAMES);
      // The turn under way when it arrived, and the flood's share of the next ones: a few turns.
      assertThat(floodFramesInBetween).isLessThanOrEqualTo(16L * SHARE);
    } finally {
      for (Channel link : links) {
        link.close().sync(); // a held read is released with its link, not left to the shutdown
      }
      server.close().sync();
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the marker was not written within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Socket connect(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    socket.connect(address, 10_000);
    socket.getOutputStream().write(Handshake.encode(TestKeys.B));
    return socket;
  }

  private static void flood(Socket socket) {
    byte[] keepalive = TestKeys.keepalive();
    byte[] block = new byte[keepalive.length * 10_000];
    for (int i = 0; i < 10_000; i++) {
      System.arraycopy(keepalive, 0, block, i * keepalive.length, keepalive.length);
    }
    try {
      OutputStream out = socket.getOutputStream();
      for (int sent = 0; sent < FLOOD_FRAMES; sent += 10_000) {
        out.write(block);
      }
    } catch (IOException e) {
      // the test closes the socket while the flood is still being written
    }
  }

  /** Turns the decoder into sink mode once the handshake is read, as the handshake handler does. */
  private final class SinkOnHandshake extends ChannelInboundHandlerAdapter {
    private final FrameDecoder decoder;

    SinkOnHandshake(FrameDecoder decoder) {
      this.decoder = decoder;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ReceivedHandshake) {
        decoder.sinkTo(this::onFrame);
      }
    }

    private void onFrame(ByteBuffer frame) {
      if (FrameHeader.typeCode(frame, frame.position()) == MARKER_TYPE) {
        floodSunkAtMarker.set(floodSunk.get());
      } else {
        floodSunk.incrementAndGet();
      }
    }
  }
}
