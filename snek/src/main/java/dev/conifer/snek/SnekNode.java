package dev.conifer.snek;

import dev.conifer.snek.broadcast.Broadcasts;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.forward.CoordinatesCache;
import dev.conifer.snek.forward.Forwarder;
import dev.conifer.snek.forward.NextHops;
import dev.conifer.snek.peer.Ports;
import dev.conifer.snek.route.Hop;
import dev.conifer.snek.route.RoutingView;
import dev.conifer.snek.snake.RouteEntry;
import dev.conifer.snek.snake.Snake;
import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.tree.Tree;
import dev.conifer.snek.wire.BootstrapFrame;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.Frame;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.FrameType;
import dev.conifer.snek.wire.KeepaliveFrame;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.TrafficFrame;
import dev.conifer.snek.wire.TreeAnnouncementFrame;
import dev.conifer.snek.wire.WakeupBroadcastFrame;
import dev.conifer.snek.wire.WireError;
import dev.conifer.snek.wire.WireException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One SNEK router as a deterministic, sans-I/O state machine (PROTOCOL.md §5–§10).
 *
 * <p>Driver contract (STYLE.md): after any {@code handle*}, {@code port*} or {@code send} call,
 * drain {@link #pollTransmit}, then {@link #pollDelivery}, then re-read {@link #pollDeadlineNs},
 * then drain {@link #pollEvent}. {@code nowNs} must never decrease. Not thread-safe: one thread
 * owns it.
 */
public final class SnekNode {
  public static final int NO_PORT = Hop.NONE;
  public static final int LOCAL_PORT = Hop.LOCAL;
  public static final long NO_DEADLINE = Long.MAX_VALUE;
  public static final int NOTHING = -1;

  private final SnekConfig config;
  private final PublicKey self;
  private final SnekCounters counters = new SnekCounters();
  private final Outbox outbox;
  private final Ports ports;
  private final Tree tree;
  private final Snake snake;
  private final Broadcasts broadcasts;
  private final CoordinatesCache coordinatesCache;
  private final NodeView view;
  private final NextHops nextHops;
  private final Forwarder forwarder;
  private final ChangeEvents changes;
  private long nowNs;
  private WireError lastWireError;

  /**
   * @param nowNs the driver's monotonic time now
   * @param epochMs wall-clock Unix milliseconds at {@code nowNs}; bootstrap and broadcast sequence
   *     numbers are derived from it and the monotonic clock, so they never go backwards
   * @param seed seeds timer jitter; the same seed and inputs give the same outputs
   */
  public SnekNode(
      SnekConfig config, Signer signer, Verifier verifier, long nowNs, long epochMs, long seed) {
    this.config = Objects.requireNonNull(config, "config");
    this.self = Objects.requireNonNull(signer, "signer").publicKey();
    this.nowNs = nowNs;
    NodeParts parts =
        new NodeParts(
            config,
            signer,
            Objects.requireNonNull(verifier, "verifier"),
            counters,
            nowNs,
            epochMs,
            seed);
    this.outbox = parts.outbox;
    this.ports = parts.ports;
    this.tree = parts.tree;
    this.snake = parts.snake;
    this.broadcasts = parts.broadcasts;
    this.coordinatesCache = parts.coordinatesCache;
    this.view = parts.view;
    this.nextHops = parts.nextHops;
    this.forwarder = parts.forwarder;
    this.changes = parts.changes;
    handleTimeout(nowNs);
  }

  public PublicKey publicKey() {
    return self;
  }

  public SnekConfig config() {
    return config;
  }

  /** A link finished its handshake on {@code port} (1..portCountMax) with {@code peerKey}. */
  public void portUp(long nowNs, int port, PublicKey peerKey, PeerType type) {
    enter(nowNs);
    if (!ports.isValidPort(port)) {
      throw new IllegalArgumentException("port " + port + " outside 1.." + config.portCountMax());
    }
    if (ports.isStarted(port)) {
      throw new IllegalStateException("port " + port + " is already up");
    }
    ports.start(port, Objects.requireNonNull(peerKey), Objects.requireNonNull(type));
    tree.announceTo(port);
    changes.publish();
  }

  /** The link on {@code port} is gone (PROTOCOL.md §7.6). Unknown ports are ignored. */
  public void portDown(long nowNs, int port) {
    enter(nowNs);
    if (!ports.isStarted(port)) {
      return;
    }
    ports.stop(port);
    outbox.dropPort(port);
    if (ports.startedCount() == 0) {
      tree.reset(nowNs);
      snake.reset(nowNs);
      coordinatesCache.clear();
      broadcasts.reset();
    } else {
      snake.portDown(nowNs, port);
      if (tree.parentLost(nowNs, port)) {
        snake.bootstrapSoon(nowNs);
      }
    }
    changes.publish();
  }

  /**
   * One whole frame (header included, from position to limit) from {@code port}. Returns what
   * happened; if the verdict says {@link FrameVerdict#disconnect()}, close the peering and call
   * {@link #portDown}.
   *
   * <p>The buffer is borrowed until the transmits this call queued are drained: a forwarded frame
   * is copied straight from it into {@link #pollTransmit}'s buffer. Drain before reusing it (the
   * driver contract drains after every call anyway).
   */
  public FrameVerdict handleFrame(long nowNs, int port, ByteBuffer frame) {
    enter(nowNs);
    if (!ports.isStarted(port)) {
      return count(typeOf(frame), FrameVerdict.DROPPED_UNKNOWN_PORT);
    }
    int offset = frame.position();
    int length = frame.remaining();
    try {
      if (length >= FrameHeader.LENGTH
          && FrameHeader.typeCode(frame, offset) == FrameType.TRAFFIC.code()) {
        // The forwarding path: read in place, never decoded (unless it ends here).
        FrameVerdict verdict = forwarder.forwardInPlace(nowNs, port, frame, offset, length);
        counters.countIn(FrameType.TRAFFIC, length);
        return count(FrameType.TRAFFIC, verdict);
      }
      return handleDecoded(nowNs, port, frame);
    } catch (WireException e) {
      lastWireError = e.reason();
      return count(typeOf(frame), FrameVerdict.MALFORMED);
    }
  }

  /**
   * Every frame but traffic from a peer, decoded. Kept out of {@link #handleFrame} so that the
   * JIT's type checks for these rare frames live in their own compiled code: a new frame type here
   * then recompiles this method, not the forwarding path.
   */
  private FrameVerdict handleDecoded(long nowNs, int port, ByteBuffer frame) throws WireException {
    Frame decoded = FrameCodec.decode(frame.duplicate());
    counters.countIn(decoded.type(), frame.remaining());
    FrameVerdict verdict = dispatch(nowNs, port, decoded);
    changes.publish();
    return count(decoded.type(), verdict);
  }

  /** Hands a decoded frame to the part of the node that handles its type (§8.4 step 4). */
  private FrameVerdict dispatch(long nowNs, int port, Frame decoded) {
    if (decoded instanceof TrafficFrame t) {
      return forwarder.forwardTraffic(nowNs, port, t);
    }
    if (decoded instanceof BootstrapFrame b) {
      Hop hop = nextHops.snek(b.destinationKey(), true, b.watermark());
      FrameVerdict verdict = snake.handleBootstrap(nowNs, port, b, hop);
      return verdict == FrameVerdict.FORWARDED ? forwarder.forwardBootstrap(port, b, hop) : verdict;
    }
    if (decoded instanceof KeepaliveFrame) {
      return FrameVerdict.CONSUMED;
    }
    if (decoded instanceof TreeAnnouncementFrame t) {
      return tree.handleAnnouncement(nowNs, port, t.announcement());
    }
    if (decoded instanceof WakeupBroadcastFrame w) {
      return broadcasts.handle(nowNs, port, w);
    }
    return decoded.type() == null ? FrameVerdict.DROPPED_UNKNOWN_TYPE : FrameVerdict.CONSUMED;
  }

  /** The wire error behind the last {@link FrameVerdict#MALFORMED}, for logs and counters. */
  public WireError lastWireError() {
    return lastWireError;
  }

  /** Why the last {@link FrameVerdict#BAD_ANNOUNCEMENT} was given, for the disconnect log line. */
  public String lastAnnouncementRejection() {
    return tree.lastRejection();
  }

  /** Announcements whose root sequence went backwards; Go would have disconnected each. */
  public long announcementSequenceRegressions() {
    return tree.sequenceRegressionCount();
  }

  /** Snake routes replaced by a bootstrap that came or went through different ports. */
  public long routePathChanges() {
    return snake.pathChangeCount();
  }

  /** Runs whatever timers are due at {@code nowNs}. */
  public void handleTimeout(long nowNs) {
    enter(nowNs);
    tree.handleTimeout(nowNs);
    snake.handleTimeout(nowNs);
    broadcasts.handleTimeout(nowNs);
    coordinatesCache.handleTimeout(nowNs);
    changes.publish();
  }

  /** Originates traffic to {@code destination} (§8.2); the payload is copied. */
  public SendResult send(long nowNs, PublicKey destination, ByteBuffer payload) {
    enter(nowNs);
    SendResult result = forwarder.originate(nowNs, destination, payload);
    changes.publish();
    return result;
  }

  /** Sends a wakeup broadcast now, as Go's API allows, instead of waiting for the timer. */
  public void sendBroadcastNow(long nowNs) {
    enter(nowNs);
    broadcasts.originate(nowNs);
    changes.publish();
  }

  /** Length of the next frame {@link #pollTransmit} would write, or {@link #NOTHING}. */
  public int nextTransmitLength() {
    return outbox.nextTransmitLength();
  }

  /** The port of the next outgoing frame, valid when {@link #nextTransmitLength} is not NOTHING. */
  public int nextTransmitPort() {
    return outbox.nextTransmitPort();
  }

  /**
   * Writes the next outgoing frame at {@code out}'s position (advancing it) and describes it in
   * {@code transmit}. Returns false if there is none, or if {@code out} has too little room (then
   * nothing is consumed: size the buffer with {@link #nextTransmitLength}).
   */
  public boolean pollTransmit(ByteBuffer out, Transmit transmit) {
    return outbox.pollTransmit(out, transmit);
  }

  /** Length of the next local payload {@link #pollDelivery} would write, or {@link #NOTHING}. */
  public int nextDeliveryLength() {
    return outbox.nextDeliveryLength();
  }

  /** Writes the next payload addressed to this node, like {@link #pollTransmit}. */
  public boolean pollDelivery(ByteBuffer out, Delivery delivery) {
    return outbox.pollDelivery(out, delivery);
  }

  /** When {@link #handleTimeout} next has work, or {@link #NO_DEADLINE}. */
  public long pollDeadlineNs() {
    return Math.min(
        Math.min(tree.deadlineNs(), snake.deadlineNs()),
        Math.min(broadcasts.deadlineNs(), coordinatesCache.deadlineNs()));
  }

  /** The next event, or null. */
  public SnekEvent pollEvent() {
    return outbox.pollEvent();
  }

  /** For tests in this package. */
  CoordinatesCache coordinatesCache() {
    return coordinatesCache;
  }

  public Root root() {
    return tree.root();
  }

  public Coordinates coordinates() {
    return tree.coordinates();
  }

  /** The parent's port, or {@link #NO_PORT} if this node is a root. */
  public int parentPort() {
    return tree.parent();
  }

  /** The snake's descending neighbour (key-order predecessor as known), or null. */
  public PublicKey descending() {
    return snake.descendingKey();
  }

  /**
   * The routing-table entry for {@code origin} if it is still valid at {@code nowNs} (SNEK routing
   * can use it), else null. The descending neighbour outlives its entry by 5 s (§7.5), during which
   * traffic for keys between it and this node ends here.
   */
  public RouteEntry validRoute(PublicKey origin, long nowNs) {
    RouteEntry e = snake.table().get(origin);
    return e != null && e.isValid(nowNs, SnekConfig.ROUTE_EXPIRY_NS) ? e : null;
  }

  /** Snake routing-table entries (expired ones go at the next 1-second tick). */
  public int routeCount() {
    return snake.table().size();
  }

  /** A copy of the snake routing table, ascending by origin key. */
  public List<RouteEntry> routes() {
    return new ArrayList<>(snake.table().values());
  }

  /** The key of the peer on {@code port}, or null if the port is down. */
  public PublicKey peerKey(int port) {
    return ports.isStarted(port) ? ports.key(port) : null;
  }

  public PeerType peerType(int port) {
    return ports.isStarted(port) ? ports.type(port) : null;
  }

  /** The coordinates the peer on {@code port} announced for itself, or null if none yet. */
  public Coordinates peerCoordinates(int port) {
    PeerAnnouncement a = ports.announcement(port);
    return a == null ? null : a.senderCoordinates();
  }

  /** Ports in use lie in 1..portLimit(). */
  public int portLimit() {
    return ports.limit();
  }

  public int peerCount() {
    return ports.startedCount();
  }

  public SnekCounters counters() {
    return counters;
  }

  /** Coordinates learned from delivered traffic and still fresh. */
  public int coordinatesCacheSize() {
    return coordinatesCache.size();
  }

  /** The read-only routing state, as next-hop functions see it. */
  public RoutingView routingView() {
    return view;
  }

  private void enter(long nowNs) {
    if (nowNs < this.nowNs) {
      throw new IllegalArgumentException("time went backwards: " + nowNs + " after " + this.nowNs);
    }
    this.nowNs = nowNs;
    view.advanceTo(nowNs);
    outbox.materialize(); // a driver that did not drain may reuse the borrowed frame now
  }

  private FrameVerdict count(FrameType type, FrameVerdict verdict) {
    counters.countVerdict(type, verdict);
    return verdict;
  }

  /** The type a frame's header names, or null if it names none or is too short to say. */
  private static FrameType typeOf(ByteBuffer frame) {
    return frame.remaining() >= FrameHeader.LENGTH
        ? FrameType.ofCode(FrameHeader.typeCode(frame, frame.position()))
        : null;
  }
}
