package dev.conifer.snek;

import dev.conifer.snek.broadcast.BroadcastLinks;
import dev.conifer.snek.broadcast.Broadcasts;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.crypto.VerificationCache;
import dev.conifer.snek.crypto.Verifier;
import dev.conifer.snek.forward.CoordinatesCache;
import dev.conifer.snek.forward.Forwarder;
import dev.conifer.snek.forward.NextHops;
import dev.conifer.snek.peer.Ports;
import dev.conifer.snek.route.Hop;
import dev.conifer.snek.snake.Snake;
import dev.conifer.snek.snake.SnakeLinks;
import dev.conifer.snek.tree.Tree;
import dev.conifer.snek.tree.TreeLinks;
import dev.conifer.snek.wire.BootstrapFrame;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.FrameType;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.TreeAnnouncementFrame;
import dev.conifer.snek.wire.Watermark;

/**
 * Builds the parts of one node and connects each to the narrow links it needs: the tree, the snake
 * and broadcasts never see each other or the node, only their own link interface.
 */
final class NodeParts {
  private static final int ANNOUNCEMENT_CACHE_CAPACITY = 4096;

  final Outbox outbox;
  final Ports ports;
  final Tree tree;
  final Snake snake;
  final Broadcasts broadcasts;
  final CoordinatesCache coordinatesCache;
  final NodeView view;
  final NextHops nextHops;
  final Forwarder forwarder;
  final ChangeEvents changes;
  private final SnekConfig config;
  private final SnekCounters counters;
  private final SequenceClock sequences;
  private final SplitMix64 random;

  NodeParts(
      SnekConfig config,
      Signer signer,
      Verifier verifier,
      SnekCounters counters,
      long nowNs,
      long epochMs,
      long seed) {
    this.config = config;
    this.counters = counters;
    PublicKey self = signer.publicKey();
    this.outbox = new Outbox(counters, self);
    this.sequences = new SequenceClock(nowNs, epochMs);
    this.ports = new Ports(config.portCountMax());
    Verifier announcementVerifier =
        verifier.remembersVerified()
            ? verifier
            : new VerificationCache(verifier, ANNOUNCEMENT_CACHE_CAPACITY);
    this.tree = new Tree(self, signer, announcementVerifier, ports, new TreeSide(), nowNs);
    this.random = new SplitMix64(seed);
    // A random phase for the 1-second tick, so nodes started together do not bootstrap in step.
    long tickPhaseNs = random.nextLong(SnekConfig.MAINTAIN_INTERVAL_NS);
    this.snake =
        new Snake(
            self, signer, verifier, new SnakeSide(), config.routeCountMax(), nowNs + tickPhaseNs);
    this.broadcasts =
        new Broadcasts(self, signer, verifier, config, ports, new BroadcastSide(), nowNs);
    this.coordinatesCache = new CoordinatesCache(config.coordsCacheCountMax(), nowNs);
    this.view = new NodeView(self, tree, ports, snake.table(), nowNs);
    this.nextHops = new NextHops(view, ports.index(), ports.changes(), snake.table());
    this.forwarder = new Forwarder(self, config, view, nextHops, coordinatesCache, outbox);
    this.changes = new ChangeEvents(tree, snake, outbox, coordinatesCache);
  }

  private final class TreeSide implements TreeLinks {
    @Override
    public void send(int port, TreeAnnouncementFrame frame) {
      outbox.send(port, frame);
    }

    @Override
    public void parentSelected(long nowNs) {
      snake.bootstrapSoon(nowNs);
    }

    @Override
    public void firstAnnouncementFrom(long nowNs, int port) {
      broadcasts.sendTo(nowNs, port);
    }
  }

  private final class SnakeSide implements SnakeLinks {
    @Override
    public Root root() {
      return tree.root();
    }

    @Override
    public int parentPort() {
      return tree.parent();
    }

    @Override
    public long nextSequence(long nowNs) {
      return sequences.next(nowNs);
    }

    @Override
    public Hop nextHop(PublicKey destination, boolean bootstrap, Watermark watermark) {
      return nextHops.snek(destination, bootstrap, watermark);
    }

    @Override
    public void send(int port, BootstrapFrame frame) {
      outbox.send(port, frame);
    }

    @Override
    public boolean tryAcquireBootstrap(int port, long nowNs) {
      return ports.tryAcquire(port, true, nowNs, config.bootstrapPerPeerPerSecondMax());
    }

    @Override
    public void routeRefused() {
      counters.countRouteRefused();
    }
  }

  private final class BroadcastSide implements BroadcastLinks {
    @Override
    public Root root() {
      return tree.root();
    }

    @Override
    public Coordinates coordinates() {
      return tree.coordinates();
    }

    @Override
    public long nextSequence(long nowNs) {
      return sequences.next(nowNs);
    }

    @Override
    public long jitterNs() {
      return random.nextLong(config.timerJitterNs());
    }

    @Override
    public void send(int port, byte[] encodedFrame) {
      outbox.sendEncoded(port, FrameType.WAKEUP_BROADCAST, encodedFrame);
    }

    @Override
    public void received(PublicKey source) {
      outbox.event(new SnekEvent.BroadcastReceived(source));
    }
  }
}
