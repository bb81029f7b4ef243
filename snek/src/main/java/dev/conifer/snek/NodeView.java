package dev.conifer.snek;

import dev.conifer.snek.route.RoutingView;
import dev.conifer.snek.snake.RouteEntry;
import dev.conifer.snek.tree.PeerAnnouncement;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;

/** The node's routing state, read-only, as the next-hop functions see it. */
final class NodeView implements RoutingView {
  private final SnekNode node;

  NodeView(SnekNode node) {
    this.node = node;
  }

  @Override
  public PublicKey selfKey() {
    return node.publicKey();
  }

  @Override
  public Coordinates selfCoordinates() {
    return node.tree().coordinates();
  }

  @Override
  public Root root() {
    return node.tree().root();
  }

  @Override
  public int parentPort() {
    return node.tree().parent();
  }

  @Override
  public int portLimit() {
    return node.ports().limit();
  }

  @Override
  public boolean isStarted(int port) {
    return node.ports().isStarted(port);
  }

  @Override
  public PublicKey peerKey(int port) {
    return node.ports().key(port);
  }

  @Override
  public PeerType peerType(int port) {
    return node.ports().type(port);
  }

  @Override
  public PeerAnnouncement announcement(int port) {
    return node.ports().announcement(port);
  }

  @Override
  public Iterable<RouteEntry> routes() {
    return node.snake().table().values();
  }

  @Override
  public long nowNs() {
    return node.nowNs();
  }
}
