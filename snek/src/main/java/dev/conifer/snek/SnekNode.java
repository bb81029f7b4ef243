package dev.conifer.snek;

import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.VerificationCache;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.route.Hop;
import dev.conifer.snek.route.RoutingView;
import dev.conifer.snek.snake.RouteEntry;
import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.Frame;
import dev.conifer.snek.wire.FrameCodec;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.FrameType;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.Watermark;
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

  private static final int ANNOUNCEMENT_CACHE_CAPACITY = 4096;

  private final SnekConfig config;
  private final Signer signer;
  private final PublicKey self;
  private final Verifier verifier;
  private final VerificationCache announcementVerifier;
  private final SnekCounters counters = new SnekCounters();
  private final Outbox outbox;
  private final Ports ports;
  private final Tree tree;
  private final Snake snake;
  private final Broadcasts broadcasts;
  private final CoordinatesCache coordinatesCache;
  private final NodeView view = new NodeView(this);
  private final Forwarder forwarder;
  private final SequenceClock sequences;
  private long nowNs;
  private WireError lastWireError;
  private final ChangeEvents changes;
  private final DecodedFrames decodedFrames;

  /**
   * @param nowNs the driver's monotonic time now
   * @param epochMs wall-clock Unix milliseconds at {@code nowNs}; bootstrap and broadcast sequence
   *     numbers are derived from it and the monotonic clock, so they never go backwards
   * @param seed seeds timer jitter; the same seed and inputs give the same outputs
   */
  public SnekNode(
      SnekConfig config, Signer signer, Verifier verifier, long nowNs, long epochMs, long seed) {
    this.config = Objects.requireNonNull(config, "config");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.self = signer.publicKey();
    this.outbox = new Outbox(counters, self);
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.announcementVerifier = new VerificationCache(verifier, ANNOUNCEMENT_CACHE_CAPACITY);
    this.nowNs = nowNs;
    this.sequences = new SequenceClock(nowNs, epochMs);
    this.ports = new Ports(config.portCountMax());
    this.tree = new Tree(this, ports, nowNs);
    SplitMix64 random = new SplitMix64(seed);
    // A random phase for the 1-second tick, so nodes started together do not bootstrap in step.
    long tickPhaseNs = random.nextLong(SnekConfig.MAINTAIN_INTERVAL_NS);
    this.snake = new Snake(this, ports, config.routeCountMax(), nowNs + tickPhaseNs);
    this.broadcasts = new Broadcasts(this, ports, random, nowNs);
    this.coordinatesCache = new CoordinatesCache(config.coordsCacheCountMax(), nowNs);
    this.forwarder = new Forwarder(this, outbox, coordinatesCache, counters);
    this.changes = new ChangeEvents(tree, snake, outbox, coordinatesCache);
    this.decodedFrames = new DecodedFrames(forwarder, tree, broadcasts);
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
    forwarder.treeChanged();
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
    forwarder.treeChanged();
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
      return count(FrameVerdict.DROPPED_UNKNOWN_PORT);
    }
    int offset = frame.position();
    int length = frame.remaining();
    if (length >= FrameHeader.LENGTH
        && FrameHeader.typeCode(frame, offset) == FrameType.TRAFFIC.code()) {
      return count(forwarder.forwardInPlace(nowNs, port, frame, offset, length));
    }
    Frame decoded;
    try {
      decoded = FrameCodec.decode(frame.duplicate());
    } catch (WireException e) {
      malformed(e.reason());
      return count(FrameVerdict.MALFORMED);
    }
    counters.countIn(decoded.type(), frame.remaining());
    FrameVerdict verdict = decodedFrames.handle(nowNs, port, decoded);
    changes.publish();
    return count(verdict);
  }

  /** The wire error behind the last {@link FrameVerdict#MALFORMED}, for logs and counters. */
  void malformed(WireError reason) {
    lastWireError = reason;
  }

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
    forwarder.treeChanged();
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

  Hop nextHopSnek(PublicKey destination, boolean bootstrap, Watermark watermark) {
    return forwarder.nextHopSnek(destination, bootstrap, watermark);
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

  // Package-private collaborators for Tree, Snake and Broadcasts.

  Signer signer() {
    return signer;
  }

  Verifier verifier() {
    return verifier;
  }

  Verifier announcementVerifier() {
    return announcementVerifier;
  }

  Ports ports() {
    return ports;
  }

  long nowNs() {
    return nowNs;
  }

  Outbox outbox() {
    return outbox;
  }

  Tree tree() {
    return tree;
  }

  Snake snake() {
    return snake;
  }

  Broadcasts broadcasts() {
    return broadcasts;
  }

  /** The next bootstrap or broadcast sequence ({@link SequenceClock}). */
  long nextSequence(long nowNs) {
    return sequences.next(nowNs);
  }

  private void enter(long nowNs) {
    if (nowNs < this.nowNs) {
      throw new IllegalArgumentException("time went backwards: " + nowNs + " after " + this.nowNs);
    }
    this.nowNs = nowNs;
    outbox.materialize(); // a driver that did not drain may reuse the borrowed frame now
  }

  private FrameVerdict count(FrameVerdict verdict) {
    counters.countVerdict(verdict);
    return verdict;
  }
}
