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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two links on one event loop, as on a relay. One floods keepalives; its sink, like the router's
 * input limits, lets {@link #FREE} through per pause and then pauses the link's reads. The flood
 * handed on is then bounded per second by the pauses (without them it is millions a second), while
 * the other link's burst of data frames all arrives meanwhile.
 */
class ReadPauseLoopbackTest {
  private static final int SHARE = 64;
  private static final int FREE = 16;
  private static final long PAUSE_NS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final int DATA_TYPE = 222;
  private static final int DATA_FRAMES = 20_000;
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final MultiThreadIoEventLoopGroup loop =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final List<Channel> links = new CopyOnWriteArrayList<>();
  private final AtomicLong floodIn = new AtomicLong();
  private final AtomicLong floodPauses = new AtomicLong();
  private final AtomicLong dataIn = new AtomicLong();

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void aPausedFloodIsReadAtABoundedRateWhileDataStillFlows() throws Exception {
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
                    channel.pipeline().addLast(decoder, new LimitingSink(decoder));
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
    InetSocketAddress address = (InetSocketAddress) server.localAddress();
    try (Socket flooder = connect(address);
        Socket sender = connect(address)) {
      AtomicLong floodWritten = new AtomicLong();
      Thread flood = new Thread(() -> flood(flooder, floodWritten), "flooder");
      flood.setDaemon(true);
      flood.start();
      await().atMost(DEADLINE).until(() -> floodIn.get() > FREE); // the flood is under way
      long startNs = System.nanoTime();
      long floodAtStart = floodIn.get();

      byte[] data = TestKeys.unknownFrame(DATA_TYPE, 1_000, (byte) 7);
      byte[] burst = new byte[data.length * 100];
      for (int i = 0; i < 100; i++) {
        System.arraycopy(data, 0, burst, i * data.length, data.length);
      }
      OutputStream out = sender.getOutputStream();
      for (int sent = 0; sent < DATA_FRAMES; sent += 100) {
        out.write(burst);
      }
      out.flush();
      await().atMost(DEADLINE).until(() -> dataIn.get() == DATA_FRAMES);
      await()
          .atMost(DEADLINE)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> System.nanoTime() - startNs >= TimeUnit.SECONDS.toNanos(1));
      long elapsedNs = System.nanoTime() - startNs;
      long floodHandedOn = floodIn.get() - floodAtStart;

      // Each pause ends in one turn's worth at most, and the sink pauses again after FREE + 1.
      long pausesPossible = elapsedNs / PAUSE_NS + 2;
      assertThat(floodHandedOn)
          .as(
              "flood frames handed on in %d ms (%d written by the flooder)",
              elapsedNs / 1_000_000, floodWritten.get())
          .isLessThanOrEqualTo(pausesPossible * (FREE + 1));
      assertThat(floodPauses.get()).isGreaterThanOrEqualTo(2);
    } finally {
      for (Channel link : links) {
        link.close().sync(); // a held read is released with its link
      }
      server.close().sync();
    }
  }

  private static Socket connect(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    socket.connect(address, 10_000);
    socket.getOutputStream().write(Handshake.encode(TestKeys.B));
    return socket;
  }

  /** Keepalives as fast as the socket takes them, until the test closes it. */
  private static void flood(Socket socket, AtomicLong written) {
    byte[] keepalive = TestKeys.keepalive();
    byte[] block = new byte[keepalive.length * 10_000];
    for (int i = 0; i < 10_000; i++) {
      System.arraycopy(keepalive, 0, block, i * keepalive.length, keepalive.length);
    }
    try {
      OutputStream out = socket.getOutputStream();
      while (true) {
        out.write(block);
        written.addAndGet(10_000);
      }
    } catch (IOException e) {
      // the test closed the socket
    }
  }

  /** Like the router: frames that carry no data past a few per pause pause the link's reads. */
  private final class LimitingSink extends ChannelInboundHandlerAdapter {
    private final FrameDecoder decoder;
    private int freeLeft = FREE;

    LimitingSink(FrameDecoder decoder) {
      this.decoder = decoder;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ReceivedHandshake) {
        decoder.sinkTo(this::onFrame);
      }
    }

    private void onFrame(ByteBuffer frame) {
      if (FrameHeader.typeCode(frame, frame.position()) == DATA_TYPE) {
        dataIn.incrementAndGet();
        return;
      }
      floodIn.incrementAndGet();
      if (freeLeft > 0) {
        freeLeft--;
        return;
      }
      if (decoder.pauseReading(PAUSE_NS)) {
        freeLeft = FREE;
        floodPauses.incrementAndGet();
      }
    }
  }
}
