package dev.conifer.snek.testing;

import dev.conifer.snek.Delivery;
import dev.conifer.snek.FrameVerdict;
import dev.conifer.snek.PeerType;
import dev.conifer.snek.SendResult;
import dev.conifer.snek.SnekConfig;
import dev.conifer.snek.SnekNode;
import dev.conifer.snek.Transmit;
import dev.conifer.snek.crypto.Ed25519;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.wire.FrameType;
import dev.conifer.snek.wire.PublicKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * An N-node network of real {@link SnekNode}s over in-memory links, in virtual time (STYLE.md §d.2:
 * quinn's {@code Pair}, for N nodes). Events run in (time, sequence) order; link latency is drawn
 * from a seeded generator, so a seed reproduces a run exactly.
 */
public final class SnekNet {
  /** A frame in flight, or a node's timer. */
  private record Event(long timeNs, long seq, int node, int port, byte[] frame, long linkEpoch)
      implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int c = Long.compare(timeNs, o.timeNs);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /** One direction of a link: frames from {@code node}'s {@code port} go to the peer's port. */
  private static final class Link {
    final int a;
    final int portA;
    final int b;
    final int portB;
    final long epoch;
    long lastArrivalNs; // links are streams: frames arrive in the order they were sent

    Link(int a, int portA, int b, int portB, long epoch) {
      this.a = a;
      this.portA = portA;
      this.b = b;
      this.portB = portB;
      this.epoch = epoch;
    }
  }

  private final long seed;
  private final SnekConfig config;
  private final SeededRandom random;
  private final List<SnekNode> nodes = new ArrayList<>();
  private final List<Link[]> portLinks = new ArrayList<>(); // per node: port -> link
  private final List<Long> timerAt = new ArrayList<>();
  private final List<List<Received>> received = new ArrayList<>();
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private final Transmit transmit = new Transmit();
  private final Delivery delivery = new Delivery();
  private final ByteBuffer buffer = ByteBuffer.allocate(65536);
  private long nowNs;
  private long seq;
  private long linkEpochs;
  private long latencyMinNs = 1_000_000;
  private long latencyMaxNs = 5_000_000;
  private boolean[] down = new boolean[0];
  private Consumer<Hop> trafficTap;
  private final long[] framesByType = new long[FrameType.values().length];

  /** A payload delivered to a node's application, and the key it was addressed to. */
  public record Received(PublicKey source, PublicKey destination, byte[] payload, long timeNs) {}

  /** A traffic frame crossing a link, for tests that trace paths. */
  public record Hop(int fromNode, int toNode, byte[] frame) {}

  public SnekNet(long seed) {
    this(seed, SnekConfig.defaults());
  }

  public SnekNet(long seed, SnekConfig config) {
    this.seed = seed;
    this.config = config;
    this.random = new SeededRandom(seed);
  }

  public long seed() {
    return seed;
  }

  public SnekNet latency(long minNs, long maxNs) {
    this.latencyMinNs = minNs;
    this.latencyMaxNs = maxNs;
    return this;
  }

  public void trafficTap(Consumer<Hop> tap) {
    this.trafficTap = tap;
  }

  /** Adds a node with a key derived from the net's seed and the node's index. */
  public int addNode() {
    byte[] keySeed = new byte[32];
    SeededRandom keys = new SeededRandom(seed * 1_000_003L + nodes.size());
    for (int i = 0; i < 32; i++) {
      keySeed[i] = (byte) keys.nextLong();
    }
    return addNode(Ed25519.signerFromSeed(keySeed));
  }

  public int addNode(Signer signer) {
    int index = nodes.size();
    nodes.add(
        new SnekNode(config, signer, Ed25519.VERIFIER, nowNs, 1_700_000_000_000L, seed + index));
    portLinks.add(new Link[8]);
    timerAt.add(Long.MAX_VALUE);
    received.add(new ArrayList<>());
    down = java.util.Arrays.copyOf(down, index + 1);
    drain(index);
    return index;
  }

  public int addNodes(int count) {
    int first = nodes.size();
    for (int i = 0; i < count; i++) {
      addNode();
    }
    return first;
  }

  public SnekNode node(int index) {
    return nodes.get(index);
  }

  public int size() {
    return nodes.size();
  }

  public long nowNs() {
    return nowNs;
  }

  /** Connects two nodes on their lowest free ports, as a handshake would. */
  public void link(int a, int b) {
    int portA = freePort(a);
    int portB = freePort(b);
    long epoch = ++linkEpochs;
    setLink(a, portA, new Link(a, portA, b, portB, epoch));
    setLink(b, portB, new Link(b, portB, a, portA, epoch));
    nodes.get(a).portUp(nowNs, portA, nodes.get(b).publicKey(), PeerType.PIPE);
    drain(a);
    nodes.get(b).portUp(nowNs, portB, nodes.get(a).publicKey(), PeerType.PIPE);
    drain(b);
  }

  /** Takes every link between {@code a} and {@code b} down, seen at once by both ends. */
  public void unlink(int a, int b) {
    Link[] links = portLinks.get(a);
    for (int port = 1; port < links.length; port++) {
      Link l = links[port];
      if (l != null && l.b == b) {
        closeLink(l);
      }
    }
  }

  /** Crashes a node: its links go down at once on the far side, and it stops. */
  public void removeNode(int a) {
    Link[] links = portLinks.get(a);
    for (Link l : links) {
      if (l != null) {
        closeLink(l);
      }
    }
    down[a] = true;
  }

  public boolean isDown(int a) {
    return down[a];
  }

  public boolean linked(int a, int b) {
    for (Link l : portLinks.get(a)) {
      if (l != null && l.b == b) {
        return true;
      }
    }
    return false;
  }

  /** Neighbours of {@code a} over live links. */
  public List<Integer> neighbours(int a) {
    List<Integer> out = new ArrayList<>();
    for (Link l : portLinks.get(a)) {
      if (l != null) {
        out.add(l.b);
      }
    }
    return out;
  }

  /** The port on {@code a} that leads to {@code b}, or -1. */
  public int portTowards(int a, int b) {
    Link[] links = portLinks.get(a);
    for (int port = 1; port < links.length; port++) {
      if (links[port] != null && links[port].b == b) {
        return port;
      }
    }
    return -1;
  }

  private void closeLink(Link l) {
    portLinks.get(l.a)[l.portA] = null;
    portLinks.get(l.b)[l.portB] = null;
    nodes.get(l.a).portDown(nowNs, l.portA);
    drain(l.a);
    nodes.get(l.b).portDown(nowNs, l.portB);
    drain(l.b);
  }

  private int freePort(int a) {
    Link[] links = portLinks.get(a);
    for (int port = 1; port < links.length; port++) {
      if (links[port] == null) {
        return port;
      }
    }
    return links.length;
  }

  private void setLink(int a, int port, Link link) {
    Link[] links = portLinks.get(a);
    if (port >= links.length) {
      links = java.util.Arrays.copyOf(links, Math.max(port + 1, 2 * links.length));
      portLinks.set(a, links);
    }
    links[port] = link;
  }

  /** Originates traffic from {@code a} to {@code b}'s key. */
  public SendResult send(int a, int b, byte[] payload) {
    SendResult result =
        nodes.get(a).send(nowNs, nodes.get(b).publicKey(), ByteBuffer.wrap(payload));
    drain(a);
    return result;
  }

  /** Originates traffic from {@code a} to any key, a node's or not. */
  public SendResult sendToKey(int a, PublicKey destination, byte[] payload) {
    SendResult result = nodes.get(a).send(nowNs, destination, ByteBuffer.wrap(payload));
    drain(a);
    return result;
  }

  public List<Received> received(int a) {
    return received.get(a);
  }

  /** Runs every event up to and including {@code nowNs + durationNs}. */
  public void runFor(long durationNs) {
    runUntil(nowNs + durationNs);
  }

  public void runUntil(long endNs) {
    while (!queue.isEmpty() && queue.peek().timeNs <= endNs) {
      step();
    }
    nowNs = Math.max(nowNs, endNs);
  }

  /** Processes one event. */
  public void step() {
    Event e = queue.poll();
    nowNs = e.timeNs;
    if (down[e.node]) {
      return;
    }
    SnekNode node = nodes.get(e.node);
    if (e.frame == null) {
      if (timerAt.get(e.node) == e.timeNs) {
        timerAt.set(e.node, Long.MAX_VALUE);
        node.handleTimeout(nowNs);
        drain(e.node);
      }
      return;
    }
    Link[] links = portLinks.get(e.node);
    Link link = e.port < links.length ? links[e.port] : null;
    if (link == null || link.epoch != e.linkEpoch) {
      return; // the link went down while the frame was in flight
    }
    FrameVerdict verdict = node.handleFrame(nowNs, e.port, ByteBuffer.wrap(e.frame));
    drain(e.node);
    if (verdict.disconnect()) {
      throw new AssertionError(
          "node "
              + e.node
              + " would disconnect port "
              + e.port
              + ": "
              + verdict
              + " ("
              + node.lastWireError()
              + ", "
              + node.lastAnnouncementRejection()
              + ") at "
              + nowNs
              + "ns, reproduce with seed "
              + seed);
    }
  }

  /** Moves a node's output onto links and its deliveries into {@link #received}. */
  private void drain(int a) {
    SnekNode node = nodes.get(a);
    while (true) {
      buffer.clear();
      if (!node.pollTransmit(buffer, transmit)) {
        break;
      }
      byte[] frame = new byte[transmit.length()];
      buffer.flip();
      buffer.get(frame);
      framesByType[transmit.type().ordinal()]++;
      Link link =
          transmit.port() < portLinks.get(a).length ? portLinks.get(a)[transmit.port()] : null;
      if (link == null) {
        continue;
      }
      if (transmit.isTraffic() && trafficTap != null) {
        trafficTap.accept(new Hop(a, link.b, frame));
      }
      long latency = latencyMinNs + random.nextLong(latencyMaxNs - latencyMinNs + 1);
      link.lastArrivalNs = Math.max(nowNs + latency, link.lastArrivalNs);
      queue.add(new Event(link.lastArrivalNs, seq++, link.b, link.portB, frame, link.epoch));
    }
    while (true) {
      buffer.clear();
      if (!node.pollDelivery(buffer, delivery)) {
        break;
      }
      byte[] payload = new byte[delivery.length()];
      buffer.flip();
      buffer.get(payload);
      received
          .get(a)
          .add(new Received(delivery.sourceKey(), delivery.destinationKey(), payload, nowNs));
    }
    long deadline = node.pollDeadlineNs();
    if (deadline != SnekNode.NO_DEADLINE && deadline < timerAt.get(a)) {
      timerAt.set(a, deadline);
      queue.add(new Event(Math.max(deadline, nowNs), seq++, a, 0, null, 0));
    }
    while (node.pollEvent() != null) {
      // Events are checked through node state in these tests.
    }
  }

  public long framesSent(FrameType type) {
    return framesByType[type.ordinal()];
  }
}
