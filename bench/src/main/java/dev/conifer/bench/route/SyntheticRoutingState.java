package dev.conifer.bench.route;

import dev.conifer.snek.PeerType;
import dev.conifer.snek.crypto.Signer;
import dev.conifer.snek.route.AncestorIndex;
import dev.conifer.snek.route.RoutingView;
import dev.conifer.snek.snake.RouteEntry;
import dev.conifer.snek.snake.RoutingTable;
import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SwitchAnnouncement;
import dev.conifer.snek.wire.Watermark;
import java.util.SplittableRandom;

/**
 * A relay's routing state at the size the issue names: {@code peers} peerings whose paths to the
 * root are {@code depth} deep, and {@code routes} live snake routes. Keys are random.
 */
final class SyntheticRoutingState implements RoutingView {
  final PublicKey self;
  final PublicKey[] routeKeys;
  final RoutingTable table;
  final AncestorIndex index = new AncestorIndex();
  private final PublicKey[] peerKeys;
  private final PeerAnnouncement[] announcements;
  private final Root root;
  private final long now = 1_000_000_000_000L;

  private record NamedKey(PublicKey publicKey) implements Signer {
    @Override
    public byte[] sign(byte[] message, int offset, int length) {
      return new byte[SIGNATURE_LENGTH];
    }
  }

  SyntheticRoutingState(int peers, int depth, int routes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    self = key(random);
    PublicKey rootKey = PublicKey.FULL_MASK;
    root = new Root(rootKey, 1);
    peerKeys = new PublicKey[peers + 1];
    announcements = new PeerAnnouncement[peers + 1];
    // Peers share the upper part of their paths, as real trees do.
    PublicKey[] upper = new PublicKey[depth];
    for (int i = 0; i < depth; i++) {
      upper[i] = key(random);
    }
    for (int port = 1; port <= peers; port++) {
      peerKeys[port] = key(random);
      SwitchAnnouncement a = SwitchAnnouncement.rootOnly(root).signedFor(1, new NamedKey(rootKey));
      int shared = random.nextInt(depth);
      for (int i = 0; i < depth - 1; i++) {
        PublicKey hop = i < shared ? upper[i] : key(random);
        a = a.signedFor(1 + random.nextInt(8), new NamedKey(hop));
      }
      a = a.signedFor(port, new NamedKey(peerKeys[port]));
      announcements[port] = PeerAnnouncement.of(a, now, port);
      index.replace(port, peerKeys[port], null, announcements[port]);
    }
    table = new RoutingTable(routes);
    routeKeys = new PublicKey[routes];
    for (int i = 0; i < routes; i++) {
      routeKeys[i] = key(random);
      table.put(
          new RouteEntry(
              routeKeys[i],
              1 + random.nextInt(peers),
              1 + random.nextInt(peers),
              now - random.nextLong(5_000_000_000L),
              root,
              new Watermark(routeKeys[i], 1_700_000_000_000L + i)));
    }
  }

  private static PublicKey key(SplittableRandom random) {
    return PublicKey.ofWords(
        random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
  }

  @Override
  public PublicKey selfKey() {
    return self;
  }

  @Override
  public Coordinates selfCoordinates() {
    return announcements[1].announcement().receiverCoordinates();
  }

  @Override
  public Root root() {
    return root;
  }

  @Override
  public int parentPort() {
    return 1;
  }

  @Override
  public int portLimit() {
    return peerKeys.length - 1;
  }

  @Override
  public boolean isStarted(int port) {
    return port >= 1 && port < peerKeys.length;
  }

  @Override
  public PublicKey peerKey(int port) {
    return peerKeys[port];
  }

  @Override
  public PeerType peerType(int port) {
    return PeerType.REMOTE;
  }

  @Override
  public PeerAnnouncement announcement(int port) {
    return port >= 1 && port < announcements.length ? announcements[port] : null;
  }

  @Override
  public Iterable<RouteEntry> routes() {
    return table.values();
  }

  @Override
  public long nowNs() {
    return now;
  }
}
