package dev.conifer.router;

import dev.conifer.router.spi.Link;
import dev.conifer.snek.SnekNode;
import dev.conifer.snek.wire.PublicKey;
import java.util.Objects;

/**
 * The router's core for a caller that owns the thread and the clock: the simulator, which runs
 * thousands of routers in one thread in virtual time. The same {@link RouterCore} as the daemon's
 * (peer queues, fair-queue drops, keepalives, read deadlines, teardown), without the ring, the
 * router thread or meters. Single-threaded: call it from one thread only, and after every input
 * call {@link #doWork} and re-arm a timer at {@link #nextDeadlineNs}, as the drivers do.
 */
public final class SteppedRouter {
  /** {@link #nextDeadlineNs} when nothing is timed. */
  public static final long NO_DEADLINE = RouterCore.NO_DEADLINE;

  /** Returned by {@link #attach(long, PeerInfo, Link)} when no port is free. */
  public static final int NO_PORT = PortAllocator.NO_PORT;

  private final RouterCore core;
  private final RouterMetrics metrics;
  private final PortAllocator ports;
  private long generations;

  private SteppedRouter(RouterCore core, RouterMetrics metrics, PortAllocator ports) {
    this.core = core;
    this.metrics = metrics;
    this.ports = ports;
  }

  /** A router around {@code snek} (which it now owns); {@code seed} keys its flow hashes. */
  public static SteppedRouter create(RouterConfig config, SnekNode snek, long seed) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(snek, "snek");
    RouterMetrics metrics = new RouterMetrics(null);
    PortAllocator ports = new PortAllocator(config.snek().portCountMax());
    return new SteppedRouter(new RouterCore(config, snek, metrics, ports, seed), metrics, ports);
  }

  /** The SNEK node inside, for reading its state; feed it only through this router. */
  public SnekNode snek() {
    return core.snek();
  }

  public PublicKey publicKey() {
    return core.publicKey();
  }

  /**
   * Attaches {@code link} on the lowest free port and returns the port, or {@link #NO_PORT}; the
   * peering's events carry {@link #generationOf} that port.
   */
  public int attach(long nowNs, PeerInfo info, Link link) {
    int port = ports.allocate();
    if (port == PortAllocator.NO_PORT) {
      return NO_PORT;
    }
    core.attach(nowNs, port, ++generations, info, link);
    return port;
  }

  /** The generation of the peering now on {@code port}, or -1 if none. */
  public long generationOf(int port) {
    Peer peer = core.peer(port);
    return peer == null ? -1 : peer.generation;
  }

  /**
   * Frames, writability, closes and sends, into the core on the caller's thread. Attach through
   * {@link #attach(long, PeerInfo, Link)}, which takes the port.
   */
  public RouterInput input() {
    return core;
  }

  /** Runs due timers and writes queued frames, with one flush per link. */
  public int doWork(long nowNs) {
    return core.doWork(nowNs);
  }

  /** When {@link #doWork} next has timed work, or {@link #NO_DEADLINE}. */
  public long nextDeadlineNs() {
    return core.nextDeadlineNs();
  }

  /** Closes every link: a node shutting down. */
  public void closeAll(long nowNs, String reason) {
    core.closeAll(nowNs, reason);
  }

  /** Called during the calls above, on the caller's thread. */
  public void addListener(RouterListener listener) {
    core.addListener(Objects.requireNonNull(listener, "listener"));
  }

  /** Payloads for this node; called during the calls above. */
  public void setReceiver(Receiver receiver) {
    core.setReceiver(receiver);
  }

  public long dropCount(DropReason reason) {
    return metrics.dropCount(reason);
  }

  /** Frames queued to all peers, as of the last gauge refresh (every 250 ms of doWork time). */
  public long queuedFrameCount() {
    return metrics.queuedFrameCount;
  }
}
