package dev.conifer.bench.chain;

import dev.conifer.router.Receiver;
import dev.conifer.router.Router;
import dev.conifer.router.RouterConfig;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.transport.TransportClocks;
import dev.conifer.transport.TransportConfig;
import dev.conifer.transport.TransportLoops;
import dev.conifer.transport.Transports;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Conifer node inside the benchmark JVM (the project's own {@link Router} and {@link
 * Transports}), peered with the chain's first relay. Echoes arrive on the router thread.
 */
final class ConiferEndpoint implements Endpoint, Receiver {
  private final Node node;
  private final Router router;
  private final PublicKey target;
  private final ClosedLoopLoad load;

  /** Reused for sends from the router thread; {@link Router#send} copies it. */
  private ByteBuffer receiveThreadBuffer = ByteBuffer.allocate(MessageHeader.LENGTH);

  private volatile int payloadLength = MessageHeader.LENGTH;

  private ConiferEndpoint(Node node, PublicKey target, ClosedLoopLoad load) {
    this.node = node;
    this.router = node.router();
    this.target = target;
    this.load = load;
  }

  /** A node with a key from {@code seed}, not connected to anything. */
  static Node startNode(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] keySeed = new byte[Ed25519.SEED_LENGTH];
    for (int i = 0; i < keySeed.length; i++) {
      keySeed[i] = (byte) random.nextInt();
    }
    Signer signer = Ed25519.signerFromSeed(keySeed);
    long routerSeed = random.nextLong();
    TransportConfig config =
        TransportConfig.defaults().toBuilder().jitterSeed(random.nextLong()).build();
    // As in the daemon: the router runs on its links' event loop.
    TransportLoops loops = TransportLoops.create(config);
    Router router =
        Router.start(
            RouterConfig.defaults(),
            signer,
            System::nanoTime,
            System::currentTimeMillis,
            new SimpleMeterRegistry(),
            routerSeed,
            loops.routerExecutor());
    Transports transports =
        new Transports(
            router,
            signer,
            config,
            new TransportClocks(System::nanoTime, java.time.Clock.systemUTC()),
            loops);
    return new Node(router, transports, loops);
  }

  /** A running in-process node; {@link #close()} stops it. */
  record Node(Router router, Transports transports, TransportLoops loops) implements AutoCloseable {
    void connect(URI peer) throws Exception {
      transports.connect(peer).get(15, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      transports.close();
      router.close();
      loops.close();
    }
  }

  static ConiferEndpoint connect(URI firstRelay, PublicKey echoKey, ClosedLoopLoad load, long seed)
      throws Exception {
    Node node = startNode(seed);
    try {
      node.connect(firstRelay);
    } catch (Exception e) {
      node.close();
      throw e;
    }
    ConiferEndpoint endpoint = new ConiferEndpoint(node, echoKey, load);
    node.router().setReceiver(endpoint);
    load.endpoint(endpoint);
    return endpoint;
  }

  PublicKey publicKey() {
    return router.publicKey();
  }

  @Override
  public void payloadLength(int length) {
    payloadLength = length;
  }

  @Override
  public boolean send(int epoch, long seq, long sendNs, boolean onReceiveThread) {
    int length = payloadLength;
    ByteBuffer buffer;
    if (onReceiveThread) {
      if (receiveThreadBuffer.capacity() != length) {
        receiveThreadBuffer = ByteBuffer.allocate(length);
      }
      buffer = receiveThreadBuffer;
    } else {
      buffer = ByteBuffer.allocate(length);
    }
    buffer.clear();
    buffer
        .putInt(0, MessageHeader.MAGIC)
        .putInt(MessageHeader.OFFSET_EPOCH, epoch)
        .putLong(MessageHeader.OFFSET_SEQ, seq)
        .putLong(MessageHeader.OFFSET_SEND_NS, sendNs);
    return router.send(target, buffer);
  }

  @Override
  public void onReceive(PublicKey source, ByteBuffer payload) {
    int at = payload.position();
    if (payload.remaining() < MessageHeader.LENGTH || !source.equals(target)) {
      return;
    }
    load.onEcho(
        payload.getInt(at),
        payload.getInt(at + MessageHeader.OFFSET_EPOCH),
        payload.getLong(at + MessageHeader.OFFSET_SEQ),
        payload.getLong(at + MessageHeader.OFFSET_SEND_NS));
  }

  @Override
  public void close() {
    node.close();
  }
}
