package dev.conifer.router;

import dev.conifer.snek.SnekNode;
import dev.conifer.snek.snake.RouteEntry;
import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import java.util.ArrayList;
import java.util.List;

/** Builds a {@link RouterStatus} from the router thread's state. */
final class StatusSnapshot {
  private StatusSnapshot() {}

  /** {@code peers} in port order. Router thread only. */
  static RouterStatus take(SnekNode snek, List<Peer> peers) {
    Root root = snek.root();
    Coordinates coordinates = snek.coordinates();
    List<Long> coords = new ArrayList<>(coordinates.depth());
    for (int i = 0; i < coordinates.depth(); i++) {
      coords.add(coordinates.port(i));
    }
    int parentPort = snek.parentPort();
    PublicKey parentKey = parentPort == SnekNode.NO_PORT ? null : snek.peerKey(parentPort);
    List<RouterStatus.PeerStatus> peerStatuses = new ArrayList<>(peers.size());
    for (Peer peer : peers) {
      PeerInfo info = peer.info;
      peerStatuses.add(
          new RouterStatus.PeerStatus(
              peer.port, info.publicKey().toHex(), info.uri(), info.type().name(), info.zone()));
    }
    PublicKey descending = snek.descending();
    List<RouterStatus.PathStatus> paths = new ArrayList<>();
    for (RouteEntry route : snek.routes()) {
      if (paths.size() == RouterStatus.SnakeStatus.LISTED_PATHS) {
        break;
      }
      paths.add(
          new RouterStatus.PathStatus(
              route.originKey().toHex(),
              route.sourcePort(),
              route.destinationPort() == SnekNode.NO_PORT ? 0 : route.destinationPort()));
    }
    return new RouterStatus(
        snek.publicKey().toHex(),
        new RouterStatus.RootStatus(root.key().toHex(), root.sequence()),
        coords,
        parentKey == null ? null : parentKey.toHex(),
        parentPort,
        peerStatuses,
        new RouterStatus.SnakeStatus(
            descending == null ? null : descending.toHex(), snek.routeCount(), paths));
  }
}
