package dev.conifer.router;

import dev.conifer.router.spi.Link;
import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.SendResult;
import dev.conifer.snek.SnekEvent;
import dev.conifer.snek.SnekNode;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.WireError;
import java.nio.ByteBuffer;

/**
 * The router's logic, single-threaded and clock-free (STYLE.md P1, P2, P5): it owns the SNEK node,
 * the port table, every peer's queues and timers, and moves frames between them. Inputs arrive
 * through {@code handle*} calls with the time as an argument; {@link #doWork} runs due timers and
 * writes queued frames; {@link #nextDeadlineNs} says when it next has timed work. {@link
 * RouterThread} or {@link HostedRouterLoop} drive it in production; tests and the simulator ({@link
 * SteppedRouter}) drive it directly with virtual time.
 */
final class RouterCore implements RouterInput {
  static final long NO_DEADLINE = SnekNode.NO_DEADLINE;
  private static final long GAUGE_INTERVAL_NS = 250_000_000L;
  private static final int TRAFFIC_CODE = dev.conifer.snek.wire.FrameType.TRAFFIC.code();

  private final RouterConfig config;
  private final SnekNode snek;
  private final RouterMetrics metrics;
  private final PortAllocator ports;
  private final PeerTable peers;
  private final PeerOutput output;
  private final PeerTimers timers;
  private final RouterEvents events;
  private final LocalReceivers receivers;

  private long snekDeadlineNs;
  private long gaugesDueNs;
  private boolean closedSinceDrain;

  RouterCore(
      RouterConfig config, SnekNode snek, RouterMetrics metrics, PortAllocator ports, long seed) {
    this.config = config;
    this.snek = snek;
    this.metrics = metrics;
    this.ports = ports;
    this.peers = new PeerTable(config, metrics, seed);
    this.events = new RouterEvents(metrics);
    this.receivers = new LocalReceivers(metrics, events);
    this.output =
        new PeerOutput(
            metrics,
            config.keepaliveIntervalNs(),
            (nowNs, peer, error) -> {
              events.internalError(error);
              closePeer(nowNs, peer, "link error: " + error);
            });
    this.timers = new PeerTimers(config, output, this::closePeer, this::isWritable);
    this.snekDeadlineNs = snek.pollDeadlineNs();
  }

  SnekNode snek() {
    return snek;
  }

  PublicKey publicKey() {
    return snek.publicKey();
  }

  void addListener(RouterListener listener) {
    events.add(listener);
  }

  void setReceiver(Receiver value) {
    receivers.setReceiver(value);
  }

  void setRendezvousReceiver(RendezvousReceiver value) {
    receivers.setRendezvousReceiver(value);
  }

  int peerCount() {
    return peers.count();
  }

  /** The peering on {@code port}, or null. For tests and status. */
  Peer peer(int port) {
    return peers.get(port);
  }

  // ---- inputs ------------------------------------------------------------------------------

  @Override
  public boolean attach(long nowNs, int port, long generation, PeerInfo info, Link link) {
    if (!peers.isFree(port)) {
      // The allocator hands out each port once, so this is a bug; refuse rather than corrupt.
      closeQuietly(link, "router error: port " + port + " is not free");
      return true;
    }
    Peer peer = peers.add(nowNs, port, generation, info, link);
    timers.arm(peer, nowNs);
    snek.portUp(nowNs, port, info.publicKey(), info.type());
    events.peerUp(port, info);
    drainSnek(nowNs);
    return true;
  }

  @Override
  public boolean frame(long nowNs, int port, long generation, ByteBuffer frame) {
    Peer peer = peers.live(port, generation);
    if (peer == null) {
      metrics.drop(DropReason.PEER_GONE);
      return true;
    }
    int length = frame.remaining();
    int type =
        length >= FrameHeader.LENGTH
            ? FrameHeader.typeCode(frame, frame.position())
            : RouterMetrics.UNKNOWN_TYPE;
    metrics.frameIn(type, length);
    peer.meters.bytesIn(length);
    peer.lastReadNs = nowNs; // a dropped keepalive still shows the peer is alive
    if (type != TRAFFIC_CODE && !admitControl(nowNs, peer, type, frame)) {
      return true;
    }
    FrameVerdict verdict = snek.handleFrame(nowNs, port, frame);
    metrics.verdict(verdict);
    if (verdict.disconnect()) {
      closePeer(nowNs, peer, "protocol violation: " + verdict + violationDetail(verdict));
    }
    drainSnek(nowNs);
    return true;
  }

  /** A frame that carries no data may be rate limited (InputLimits); drops are counted. */
  private boolean admitControl(long nowNs, Peer peer, int type, ByteBuffer frame) {
    DropReason limited = peer.inputLimits.admit(nowNs, type, frame);
    if (limited == null) {
      return true;
    }
    metrics.drop(limited);
    if (peer.inputLimits.pauseDue(nowNs)) {
      peer.link.pauseReading(InputLimits.PAUSE_NS); // TCP slows the flood at its source
    }
    long pauses = peer.inputLimits.pausesSinceReport();
    long dropped = peer.inputLimits.takeReport(nowNs);
    if (dropped > 0) {
      events.inputLimited(peer.port, peer.info, limited, dropped, pauses);
    }
    return false;
  }

  private String violationDetail(FrameVerdict verdict) {
    if (verdict == FrameVerdict.MALFORMED) {
      WireError error = snek.lastWireError();
      return error == null ? "" : " (" + error + ": " + error.description() + ")";
    }
    if (verdict == FrameVerdict.BAD_ANNOUNCEMENT) {
      String why = snek.lastAnnouncementRejection();
      return why == null ? "" : " (" + why + ")";
    }
    return "";
  }

  @Override
  public boolean writable(long nowNs, int port, long generation) {
    Peer peer = peers.live(port, generation);
    if (peer != null) {
      output.markDirty(peer);
    }
    return true;
  }

  @Override
  public boolean closed(long nowNs, int port, long generation, String reason) {
    Peer peer = peers.live(port, generation);
    if (peer != null) {
      teardown(nowNs, peer, reason);
      drainSnek(nowNs);
    }
    return true;
  }

  /**
   * True if SNEK queued or delivered the payload; a refusal (no route, too large, full) is counted.
   */
  @Override
  public boolean send(long nowNs, PublicKey destination, ByteBuffer payload) {
    SendResult result = originate(nowNs, destination, payload);
    drainSnek(nowNs);
    return result == SendResult.QUEUED || result == SendResult.DELIVERED_LOCALLY;
  }

  /**
   * A receiver sending from inside its callback, on this thread (an echo, a reply): queued at once
   * and written when the delivery loop goes on, with no ring slot and no copy. False when not
   * inside a callback; the caller then publishes as usual.
   */
  boolean sendFromReceiver(PublicKey destination, ByteBuffer payload) {
    if (!receivers.admitReply()) {
      return false; // not in a callback, or past the bound: a self-echo waits its turn
    }
    originate(receivers.callbackNowNs(), destination, payload);
    return true;
  }

  private SendResult originate(long nowNs, PublicKey destination, ByteBuffer payload) {
    SendResult result = snek.send(nowNs, destination, payload);
    switch (result) {
      case NO_ROUTE:
        metrics.drop(DropReason.SEND_NO_ROUTE);
        break;
      case PAYLOAD_TOO_LARGE:
        metrics.drop(DropReason.SEND_TOO_LARGE);
        break;
      case QUEUE_FULL:
        metrics.drop(DropReason.SEND_QUEUE_FULL);
        break;
      default:
        break;
    }
    return result;
  }

  /** Closes every link (router shutdown). */
  void closeAll(long nowNs, String reason) {
    for (Peer peer : peers.attached()) {
      closePeer(nowNs, peer, reason);
    }
    drainSnek(nowNs);
  }

  /** A consistent snapshot; router thread only. */
  RouterStatus status() {
    return StatusSnapshot.take(snek, peers.attached());
  }

  // ---- duty cycle --------------------------------------------------------------------------

  /**
   * Runs due SNEK and peer timers, then writes queued frames to every link that has some and can
   * take them. Returns the amount of work done (0 when idle).
   */
  int doWork(long nowNs) {
    int work = 0;
    if (nowNs >= snekDeadlineNs) {
      snek.handleTimeout(nowNs);
      drainSnek(nowNs);
      work++;
    }
    if (nowNs >= timers.deadlineNs()) {
      work += timers.run(nowNs, peers.array(), peers.high());
    }
    work += output.flush(nowNs);
    if (closedSinceDrain) {
      drainSnek(nowNs);
    }
    if (nowNs >= gaugesDueNs) {
      publishGauges();
      gaugesDueNs = nowNs + GAUGE_INTERVAL_NS;
    }
    return work;
  }

  /** The earliest time {@link #doWork} has timed work, or {@link #NO_DEADLINE}. */
  long nextDeadlineNs() {
    return Math.min(snekDeadlineNs, timers.deadlineNs());
  }

  /** True if some link has frames to write and has not yet been given the chance. */
  boolean hasPendingWrites() {
    return output.hasPending();
  }

  // ---- output ------------------------------------------------------------------------------

  /** Moves every SNEK output to its place: frames to peer queues, payloads to the receiver. */
  private void drainSnek(long nowNs) {
    receivers.newDrain();
    boolean more = true;
    while (more) {
      more = false;
      output.takeTransmits(snek, peers.array());
      receivers.takeDeliveries(snek, nowNs);
      SnekEvent event;
      while ((event = snek.pollEvent()) != null) {
        more |= dispatch(nowNs, event);
      }
      // A receiver may have sent (sendFromReceiver): its frames wait in SNEK.
      more |= snek.nextTransmitLength() != SnekNode.NOTHING;
    }
    closedSinceDrain = false;
    snekDeadlineNs = snek.pollDeadlineNs();
  }

  /** Tells listeners; returns true if the event changed the port table (more output may follow). */
  private boolean dispatch(long nowNs, SnekEvent event) {
    if (event instanceof SnekEvent.DisconnectRequested request) {
      Peer peer = peer(request.port());
      if (peer != null) {
        closePeer(nowNs, peer, "disconnect requested: " + request.reason());
        return true;
      }
      return false;
    }
    if (event instanceof SnekEvent.CoordinatesChanged changed) {
      metrics.treeDepth = changed.coordinates().depth();
    }
    events.snekEvent(event);
    return false;
  }

  /** Queues a frame for the peer on {@code port}: package-private so tests can fill queues. */
  void enqueue(int port, byte[] frame, boolean traffic) {
    Peer peer = peer(port);
    if (peer == null) {
      metrics.drop(DropReason.NO_PEER_FOR_PORT);
      return;
    }
    output.enqueue(peer, frame, traffic);
  }

  // ---- teardown ----------------------------------------------------------------------------

  private void closePeer(long nowNs, Peer peer, String reason) {
    closeQuietly(peer.link, reason);
    teardown(nowNs, peer, reason);
  }

  private void closeQuietly(Link link, String reason) {
    try {
      link.close(reason);
    } catch (RuntimeException e) {
      events.internalError(e);
    }
  }

  /** PROTOCOL.md §10.5: stop routing to it, discard its queues, tell SNEK, free the port. */
  private void teardown(long nowNs, Peer peer, String reason) {
    peers.remove(peer);
    metrics.drop(DropReason.PEER_CLOSED, peer.protocolQueue.clear() + peer.trafficQueue.clear());
    peer.meters.remove();
    snek.portDown(nowNs, peer.port);
    ports.free(peer.port);
    closedSinceDrain = true;
    events.peerDown(peer.port, peer.info, reason);
  }

  private boolean isWritable(Peer peer) {
    try {
      return peer.link.isWritable();
    } catch (RuntimeException e) {
      events.internalError(e);
      return false;
    }
  }

  /** A bug surfaced on the router thread: count it and tell listeners, keep running. */
  void internalError(Throwable error) {
    events.internalError(error);
  }

  private void publishGauges() {
    peers.publishQueueGauges();
    metrics.routeCount = snek.routeCount();
    metrics.sequenceRegressionCount = snek.announcementSequenceRegressions();
  }
}
