package dev.conifer.router;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import dev.conifer.router.spi.EpochClock;
import dev.conifer.router.spi.Link;
import dev.conifer.router.spi.NanoClock;
import dev.conifer.router.spi.RouterExecutor;
import dev.conifer.snek.SnekNode;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.PublicKey;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The router runtime around one SNEK node (ARCHITECTURE.md, "Router"). One router thread owns the
 * node; every other thread talks to it through an LMAX Disruptor ring, and a full ring drops and
 * counts rather than blocks. Transports attach links with {@link #attach}; applications use {@link
 * #send}, {@link #setReceiver} or a datagram view ({@link #openDatagrams}).
 */
public final class Router implements AutoCloseable {
  private static final long STOP_TIMEOUT_MS = 5_000;

  private final RingBuffer<RingEvent> ring;
  private final RingInput ringInput;
  private final RouterCore core;
  private final RouterDriver driver;
  private final RouterMetrics metrics;
  private final PortAllocator ports;
  private final PublicKey publicKey;
  private final AtomicLong generations = new AtomicLong();
  private volatile boolean closed;

  private Router(
      RouterConfig config,
      RouterCore core,
      RouterMetrics metrics,
      PortAllocator ports,
      NanoClock clock,
      RouterExecutor executor) {
    this.core = core;
    this.metrics = metrics;
    this.ports = ports;
    this.publicKey = core.publicKey();
    // The ring is never waited on (the router thread polls and parks itself), so a wait
    // strategy with a no-op signal keeps publishing lock-free.
    this.ring =
        RingBuffer.createMultiProducer(
            RingEvent::new, config.ringSize(), new BusySpinWaitStrategy());
    this.ringInput = new RingInput(ring, metrics, this::wake);
    this.driver =
        executor == null
            ? new RouterThread(core, ring, ringInput, clock, config.ringDrainCountMax())
            : new HostedRouterLoop(
                core, ring, ringInput, clock, config.ringDrainCountMax(), executor);
    Meter stale = metrics.registry().find("conifer.ring.free").meter();
    if (stale != null) {
      metrics.registry().remove(stale);
    }
    metrics.own(
        Gauge.builder("conifer.ring.free", ring, RingBuffer::remainingCapacity)
            .description("free slots in the router's inbound ring")
            .register(metrics.registry()));
  }

  /** Creates the SNEK node and starts the router on a thread of its own. */
  public static Router start(
      RouterConfig config,
      Signer signer,
      NanoClock clock,
      EpochClock epochClock,
      MeterRegistry registry,
      long seed) {
    return start(config, signer, clock, epochClock, registry, seed, null);
  }

  /**
   * Creates the SNEK node and runs the router on {@code executor}'s thread, normally the event loop
   * of the links (null: a thread of its own). Links served by that thread hand frames to the router
   * directly; every other thread goes through the ring.
   */
  public static Router start(
      RouterConfig config,
      Signer signer,
      NanoClock clock,
      EpochClock epochClock,
      MeterRegistry registry,
      long seed,
      RouterExecutor executor) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(epochClock, "epochClock");
    Objects.requireNonNull(registry, "registry");
    SnekNode snek =
        new SnekNode(
            config.snek(),
            signer,
            Ed25519.VERIFIER, // SnekNode caches verified announcement signatures itself.
            clock.nanoTime(),
            epochClock.epochMs(),
            seed);
    RouterMetrics metrics = new RouterMetrics(registry);
    PortAllocator ports = new PortAllocator(config.snek().portCountMax());
    RouterCore core = new RouterCore(config, snek, metrics, ports, seed);
    Router router = new Router(config, core, metrics, ports, clock, executor);
    router.driver.start();
    return router;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /**
   * Thread-safe. Call after a successful handshake. Returns a handle bound to the lowest free port,
   * or null if no port is free, the router is closed, or its ring is full (the transport then
   * closes the connection). The router sends the first tree announcement itself.
   */
  public PeerHandle attach(PeerInfo info, Link link) {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(link, "link");
    if (closed) {
      return null;
    }
    int port = ports.allocate();
    if (port == PortAllocator.NO_PORT) {
      return null;
    }
    long generation = generations.incrementAndGet();
    if (!input().attach(RouterInput.NOW, port, generation, info, link)) {
      ports.free(port);
      return null;
    }
    return new RouterPeerHandle(this, port, generation);
  }

  /**
   * Thread-safe. Originates traffic to {@code destination}; the payload (position to limit) is
   * copied. False if the router is closed, its ring is full, or the payload cannot fit one frame;
   * routing failures after that are counted in {@code conifer.drops}.
   */
  public boolean send(PublicKey destination, ByteBuffer payload) {
    Objects.requireNonNull(destination, "destination");
    if (closed) {
      return false;
    }
    if (payload.remaining() > FrameHeader.FRAME_LENGTH_MAX) {
      metrics.drop(DropReason.SEND_TOO_LARGE);
      return false;
    }
    if (driver.onRouterThread() && core.sendFromReceiver(destination, payload)) {
      return true; // a receiver replying from its callback: no ring hop
    }
    return input().send(RouterInput.NOW, destination, payload);
  }

  /**
   * Payloads addressed to this node go to {@code receiver} (null: dropped and counted). Called on
   * the router thread: do not block; copy what you keep.
   */
  public void setReceiver(Receiver receiver) {
    core.setReceiver(receiver);
  }

  /**
   * Payloads with the {@link dev.conifer.snek.RendezvousTag} go to {@code receiver} instead of the
   * ordinary one (null: dropped and counted), including those delivered here as the node nearest to
   * their destination key. Called on the router thread: do not block; copy what you keep.
   */
  public void setRendezvousReceiver(RendezvousReceiver receiver) {
    core.setRendezvousReceiver(receiver);
  }

  /** Opens a datagram view with a bounded receive queue; it replaces the receiver. */
  public OverlayDatagrams openDatagrams(int capacity) {
    return OverlayDatagrams.open(this, capacity);
  }

  /** Listener methods are called on the router thread. */
  public void addListener(RouterListener listener) {
    core.addListener(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * A consistent snapshot taken on the router thread (where dependent stages added before
   * completion also run: keep them short). Fails if the router is closed or its ring is full.
   */
  public CompletableFuture<RouterStatus> status() {
    CompletableFuture<RouterStatus> future = new CompletableFuture<>();
    if (closed) {
      future.completeExceptionally(new IllegalStateException("router closed"));
    } else if (!driver.status(future)) {
      future.completeExceptionally(new IllegalStateException("router busy: inbound ring full"));
    }
    return future;
  }

  /** Closes every link and stops the router thread (waits up to 5 s for it). Idempotent. */
  @Override
  public void close() {
    closed = true;
    driver.stop(STOP_TIMEOUT_MS);
    metrics.close();
  }

  /**
   * True if the caller is the thread the router runs on (for a hosted router, its event loop): a
   * transport asks on a link's loop to know whether the link needs a cross-thread queue.
   */
  public boolean onRouterThread() {
    return driver.onRouterThread();
  }

  /** Total drops for {@code reason}; for tests and diagnostics. */
  public long dropCount(DropReason reason) {
    return metrics.dropCount(reason);
  }

  RouterMetrics metrics() {
    return metrics;
  }

  /** A transport finished a batch of reads: a hosted router flushes now if on its thread. */
  void readComplete() {
    driver.flushInline();
  }

  /** Where a transport's or caller's events go: into the core on its own thread, else the ring. */
  RouterInput input() {
    return driver.input();
  }

  private void wake() {
    driver.wake();
  }
}
