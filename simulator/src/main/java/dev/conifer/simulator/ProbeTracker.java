package dev.conifer.simulator;

import dev.conifer.simulator.model.SimRandom;
import dev.conifer.snek.wire.FrameHeader;
import dev.conifer.snek.wire.FrameType;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * Probe traffic for delivery and stretch. Each round samples source and destination pairs uniformly
 * from all ordered pairs of distinct live nodes. For each pair the source sends a <em>first</em>
 * probe; the destination answers with a <em>reply</em> (which caches the destination's coordinates
 * at the source); the source then sends an <em>established</em> probe. Probes are tagged by their
 * payload's last 12 bytes, and the simulator counts every link a probe crosses, so hops are exact
 * link counts (not Pinecone's links + 1).
 */
public final class ProbeTracker {
  static final int MAGIC = 0x636e6650; // "cnfP"
  static final int PAYLOAD_LENGTH = 12;

  /** A probe that crossed this many links is looping; it is dropped and counted. */
  static final int HOP_GUARD = 4096;

  private static final int DEST_COORDS_OFFSET = FrameHeader.LENGTH + 2;

  /** The role of a probe in its pair's exchange. */
  public enum Kind {
    FIRST,
    REPLY,
    ESTABLISHED
  }

  /** One probe packet. */
  public static final class Probe {
    final long id;
    final Kind kind;
    final SimNode source;
    final SimNode destination;
    final long sentNs;
    final int shortestHops;
    final long topologyVersion;

    /** For a reply, the first probe it answers; else null. */
    final Probe answering;

    int hops;
    boolean treeRouted;
    long deliveredNs = -1;

    /** Indexes of the nodes that sent it on, until it is delivered (then null, to save memory). */
    private int[] trail = new int[4];

    Probe(
        long id,
        Kind kind,
        SimNode source,
        SimNode destination,
        long sentNs,
        int shortest,
        long topologyVersion,
        Probe answering) {
      this.id = id;
      this.kind = kind;
      this.source = source;
      this.destination = destination;
      this.sentNs = sentNs;
      this.shortestHops = shortest;
      this.topologyVersion = topologyVersion;
      this.answering = answering;
    }

    public Kind kind() {
      return kind;
    }

    public long sentNs() {
      return sentNs;
    }

    public int hops() {
      return hops;
    }

    public int shortestHops() {
      return shortestHops;
    }

    /** True if it left its source tree-routed (cached destination coordinates). */
    public boolean treeRouted() {
      return treeRouted;
    }

    /** Delivered within {@code timeoutNs} of sending. */
    public boolean delivered(long timeoutNs) {
      return deliveredNs >= 0 && deliveredNs - sentNs <= timeoutNs;
    }

    public double stretch() {
      return (double) hops / shortestHops;
    }

    void recordSender(SimNode sender) {
      if (trail == null) {
        return;
      }
      if (hops > trail.length) {
        trail = java.util.Arrays.copyOf(trail, trail.length * 2);
      }
      trail[hops - 1] = sender.index;
    }

    /** "a → b → c …" through the nodes that sent it on, for a probe that never arrived. */
    String describe(List<SimNode> nodes) {
      StringBuilder b = new StringBuilder();
      b.append(kind.name().toLowerCase(java.util.Locale.ROOT))
          .append(' ')
          .append(source.name)
          .append(" -> ")
          .append(destination.name)
          .append(String.format(java.util.Locale.ROOT, " sent at %.3fs", sentNs / 1e9))
          .append(", shortest ")
          .append(shortestHops)
          .append(" links, ")
          .append(treeRouted ? "tree-routed" : "snake-routed")
          .append(" from its source, sent on by:");
      int shown = trail == null ? 0 : Math.min(hops, trail.length);
      for (int i = 0; i < shown; i++) {
        b.append(' ').append(nodes.get(trail[i]).name);
      }
      if (hops == 0) {
        b.append(" nobody (dropped at the source)");
      }
      return b.toString();
    }
  }

  /** What one partition's nodes did with probes: counts, the probes they sent, a path cache. */
  private static final class Part {
    final List<Probe> measured = new ArrayList<>();
    final ArrayDeque<Probe> sentInOrder = new ArrayDeque<>();
    final ShortestPaths shortestPaths = new ShortestPaths();
    long unreachablePairCount;
    long noRouteCount;
    long loopDropCount;
    long misdeliveredCount;
  }

  private final SimNetwork network;
  private final SimRandom random;

  /** Probes in flight by id, looked up at every hop, from whichever thread runs the sender. */
  private final ConcurrentHashMap<Long, Probe> inFlight = new ConcurrentHashMap<>();

  private final Part[] parts;
  boolean enabled = true;

  ProbeTracker(SimNetwork network, SimRandom random, int partitionCount) {
    this.network = network;
    this.random = random;
    this.parts = new Part[partitionCount];
    for (int i = 0; i < partitionCount; i++) {
      parts[i] = new Part();
    }
  }

  /**
   * First and established probes by send time, then id (replies are not measured): the same order
   * however many threads ran.
   */
  public List<Probe> measured() {
    List<Probe> all = new ArrayList<>();
    for (Part p : parts) {
      all.addAll(p.measured);
    }
    all.sort(Comparator.comparingLong((Probe p) -> p.sentNs).thenComparingLong(p -> p.id));
    return all;
  }

  long unreachablePairCount() {
    return sum(p -> p.unreachablePairCount);
  }

  long noRouteCount() {
    return sum(p -> p.noRouteCount);
  }

  long loopDropCount() {
    return sum(p -> p.loopDropCount);
  }

  long misdeliveredCount() {
    return sum(p -> p.misdeliveredCount);
  }

  private long sum(ToLongFunction<Part> count) {
    long total = 0;
    for (Part p : parts) {
      total += count.applyAsLong(p);
    }
    return total;
  }

  /** Sends the first probe of {@code pairs} pairs drawn uniformly from the live nodes. */
  void round(int pairs) {
    if (!enabled) {
      return;
    }
    List<SimNode> live = new ArrayList<>();
    for (SimNode n : network.nodes) {
      if (n.isAlive()) {
        live.add(n);
      }
    }
    if (live.size() < 2) {
      return;
    }
    for (int i = 0; i < pairs; i++) {
      int s = random.nextInt(live.size());
      int d = random.nextInt(live.size() - 1);
      if (d >= s) {
        d++; // uniform over the other nodes
      }
      // Sent from the source's own event, so a parallel run finds the paths on every thread.
      scheduleSend(Kind.FIRST, live.get(s), live.get(d), null);
    }
  }

  /**
   * Sends one probe. {@code first} is the pair's first probe, for a reply or an established probe
   * (null for a first): while no link changed since it was sent, its shortest path still holds.
   */
  private void send(Kind kind, SimNode source, SimNode destination, Probe first) {
    if (!source.isAlive()) {
      return;
    }
    Part part = parts[source.partition.index];
    ShortestPaths shortestPaths = part.shortestPaths;
    long now = source.partition.clock.nowNs();
    long version = network.topologyVersion;
    int shortest = 0;
    if (kind == Kind.ESTABLISHED && first.topologyVersion == version) {
      shortest = first.shortestHops;
      assert shortest == shortestPaths.distance(network.nodes, version, source, destination)
          : "links changed without a new topology version";
    } else if (kind != Kind.REPLY) {
      shortest = shortestPaths.distance(network.nodes, version, source, destination);
      if (shortest == Integer.MAX_VALUE) {
        if (kind == Kind.FIRST) {
          part.unreachablePairCount++;
        }
        return;
      }
    }
    Probe probe =
        new Probe(
            // Ids are the source's own, so they do not depend on which thread ran what first.
            ((long) (source.index + 1) << 40) | source.nextProbeSeq++,
            kind,
            source,
            destination,
            now,
            shortest,
            version,
            kind == Kind.REPLY ? first : null);
    if (kind != Kind.REPLY) {
      part.measured.add(probe);
    }
    part.sentInOrder.add(probe);
    inFlight.put(probe.id, probe);
    ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_LENGTH).putInt(MAGIC).putLong(probe.id);
    payload.flip();
    if (!source.router.input().send(now, destination.key, payload)) {
      part.noRouteCount++;
      inFlight.remove(probe.id);
    }
    network.afterInput(source);
  }

  /** Counts a probe's hop; false drops a looping probe. */
  boolean onTransmit(SimNode sender, FrameType type, byte[] frame) {
    if (type != FrameType.TRAFFIC
        || frame.length < PAYLOAD_LENGTH + FrameType.TRAFFIC.frameLengthMin()) {
      return true;
    }
    ByteBuffer b = ByteBuffer.wrap(frame);
    int tail = frame.length - PAYLOAD_LENGTH;
    if (b.getInt(tail) != MAGIC) {
      return true;
    }
    Probe probe = inFlight.get(b.getLong(tail + 4));
    if (probe == null) {
      return true;
    }
    if (++probe.hops == 1) {
      probe.treeRouted = Short.toUnsignedInt(b.getShort(DEST_COORDS_OFFSET)) != 0;
    }
    probe.recordSender(sender);
    if (probe.hops > HOP_GUARD) {
      parts[sender.partition.index].loopDropCount++;
      inFlight.remove(probe.id);
      return false;
    }
    return true;
  }

  /** A payload reached {@code at}: if it is a probe for {@code at}, record it and answer. */
  void onDelivery(SimNode at, byte[] payload, long nowNs) {
    if (payload.length != PAYLOAD_LENGTH) {
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(payload);
    if (b.getInt(0) != MAGIC) {
      return;
    }
    Probe probe = inFlight.get(b.getLong(4));
    if (probe == null) {
      return;
    }
    if (probe.destination != at) {
      parts[at.partition.index].misdeliveredCount++;
      return;
    }
    inFlight.remove(probe.id);
    probe.deliveredNs = nowNs;
    probe.trail = null;
    if (probe.kind == Kind.FIRST) {
      scheduleSend(Kind.REPLY, at, probe.source, probe);
    } else if (probe.kind == Kind.REPLY) {
      scheduleSend(Kind.ESTABLISHED, at, probe.source, probe.answering);
    }
  }

  /** Sends from an event at the source, never from inside another node's drain. */
  private void scheduleSend(Kind kind, SimNode source, SimNode destination, Probe first) {
    source.partition.schedule(
        source,
        source.partition.clock.nowNs(),
        EventOrder.of(source),
        new EventQueue.Event() {
          @Override
          protected void run(long nowNs) {
            send(kind, source, destination, first);
          }
        });
  }

  /** Forgets probes older than {@code cutoffNs} that never arrived, to bound memory. */
  void expire(long cutoffNs) {
    for (Part part : parts) {
      ArrayDeque<Probe> sent = part.sentInOrder;
      while (!sent.isEmpty() && sent.peekFirst().sentNs < cutoffNs) {
        Probe old = sent.pollFirst();
        inFlight.remove(old.id, old);
      }
    }
  }
}
