package dev.conifer.snek;

import dev.conifer.snek.peer.Ports;
import dev.conifer.snek.route.RoutingView;
import dev.conifer.snek.snake.RouteEntry;
import dev.conifer.snek.snake.RoutingTable;
import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.tree.Tree;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;

/** The node's routing state, read-only, as the next-hop functions see it. */
final class NodeView implements RoutingView {
  private final PublicKey self;
  private final Tree tree;
  private final Ports ports;
  private final RoutingTable routes;
  private long nowNs;

  NodeView(PublicKey self, Tree tree, Ports ports, RoutingTable routes, long nowNs) {
    this.self = self;
    this.tree = tree;
    this.ports = ports;
    this.routes = routes;
    this.nowNs = nowNs;
  }

  /** The node's time moved on (every call into the node). */
  void advanceTo(long nowNs) {
    this.nowNs = nowNs;
  }

  @Override
  public PublicKey selfKey() {
    return self;
  }

  @Override
  public Coordinates selfCoordinates() {
    return tree.coordinates();
  }

  @Override
  public Root root() {
    return tree.root();
  }

  @Override
  public int parentPort() {
    return tree.parent();
  }

  @Override
  public int portLimit() {
    return ports.limit();
  }

  @Override
  public boolean isStarted(int port) {
    return ports.isStarted(port);
  }

  @Override
  public PublicKey peerKey(int port) {
    return ports.key(port);
  }

  @Override
  public PeerType peerType(int port) {
    return ports.type(port);
  }

  @Override
  public PeerAnnouncement announcement(int port) {
    return ports.announcement(port);
  }

  @Override
  public Iterable<RouteEntry> routes() {
    return routes.values();
  }

  @Override
  public long nowNs() {
    return nowNs;
  }
}
