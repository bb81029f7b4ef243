package dev.conifer.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Netty channel carrying {@link DatagramPacket}s over the overlay instead of UDP, so the QUIC
 * codec can sit on top. Writes go to {@link Sink}; received datagrams are pushed in with {@link
 * #offer} from any thread (bounded, drops counted) and delivered on the event loop in batches.
 */
final class OverlayDatagramChannel extends AbstractChannel {
  /** Where outbound datagrams go. Must copy {@code content} (it is released after return). */
  interface Sink {
    boolean send(InetSocketAddress recipient, ByteBuf content);
  }

  private static final ChannelMetadata METADATA = new ChannelMetadata(false, 64);

  private final ChannelConfig config = new DefaultChannelConfig(this);
  private final InetSocketAddress local;
  private final Sink sink;
  private final int inboundMax;
  private final Queue<DatagramPacket> inbound = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inboundCount = new AtomicInteger();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicInteger inboundDrops = new AtomicInteger();
  private final AtomicInteger sendFailures = new AtomicInteger();
  private final AtomicInteger largestReceived = new AtomicInteger();
  private volatile boolean open = true;
  private volatile boolean bound;

  OverlayDatagramChannel(InetSocketAddress local, Sink sink, int inboundMax) {
    super(null);
    this.local = local;
    this.sink = sink;
    this.inboundMax = inboundMax;
  }

  /** Queues a received datagram (ownership passes here); false (released, counted) if full. */
  boolean offer(ByteBuf content, InetSocketAddress sender) {
    if (!open || inboundCount.incrementAndGet() > inboundMax) {
      inboundCount.decrementAndGet();
      inboundDrops.incrementAndGet();
      content.release();
      return false;
    }
    int size = content.readableBytes();
    if (size > largestReceived.get()) {
      largestReceived.accumulateAndGet(size, Math::max);
    }
    inbound.add(new DatagramPacket(content, local, sender));
    if (drainScheduled.compareAndSet(false, true)) {
      eventLoop().execute(this::drain);
    }
    return true;
  }

  private void drain() {
    drainScheduled.set(false);
    boolean any = false;
    DatagramPacket packet;
    // Bounded per run so timers and writes interleave with a flood of reads.
    for (int i = 0; i < 1024 && (packet = inbound.poll()) != null; i++) {
      inboundCount.decrementAndGet();
      if (!open) {
        packet.release();
        continue;
      }
      any = true;
      pipeline().fireChannelRead(packet);
    }
    if (any) {
      pipeline().fireChannelReadComplete();
    }
    if (!inbound.isEmpty() && drainScheduled.compareAndSet(false, true)) {
      eventLoop().execute(this::drain);
    }
  }

  int inboundDrops() {
    return inboundDrops.get();
  }

  int largestReceived() {
    return largestReceived.get();
  }

  int sendFailures() {
    return sendFailures.get();
  }

  @Override
  protected AbstractUnsafe newUnsafe() {
    return new AbstractUnsafe() {
      @Override
      public void connect(
          SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
        promise.setFailure(new UnsupportedOperationException("overlay datagrams are unconnected"));
      }
    };
  }

  @Override
  protected boolean isCompatible(EventLoop loop) {
    return true; // Nothing is registered with the loop's I/O handler: reads are pushed in.
  }

  @Override
  protected SocketAddress localAddress0() {
    return local;
  }

  @Override
  protected SocketAddress remoteAddress0() {
    return null;
  }

  @Override
  protected void doBind(SocketAddress localAddress) {
    bound = true;
  }

  @Override
  protected void doDisconnect() {}

  @Override
  protected void doClose() {
    open = false;
    DatagramPacket packet;
    while ((packet = inbound.poll()) != null) {
      inboundCount.decrementAndGet();
      packet.release();
    }
  }

  @Override
  protected void doBeginRead() {}

  @Override
  protected void doWrite(ChannelOutboundBuffer buffer) {
    Object message;
    while ((message = buffer.current()) != null) {
      if (message instanceof DatagramPacket packet) {
        if (!sink.send(packet.recipient(), packet.content())) {
          sendFailures.incrementAndGet(); // QUIC treats it as loss and retransmits.
        }
        buffer.remove();
      } else {
        buffer.remove(new UnsupportedOperationException("not a DatagramPacket: " + message));
      }
    }
  }

  @Override
  protected Object filterOutboundMessage(Object msg) {
    if (msg instanceof DatagramPacket) {
      return msg;
    }
    throw new UnsupportedOperationException("only DatagramPacket is supported: " + msg);
  }

  @Override
  public ChannelConfig config() {
    return config;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public boolean isActive() {
    return open && bound;
  }

  @Override
  public ChannelMetadata metadata() {
    return METADATA;
  }
}
