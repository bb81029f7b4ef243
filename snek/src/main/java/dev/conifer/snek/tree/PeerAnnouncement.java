package dev.conifer.snek.tree;

import dev.conifer.snek.wire.Coordinates;
import dev.conifer.snek.wire.PublicKey;
import dev.conifer.snek.wire.Root;
import dev.conifer.snek.wire.SwitchAnnouncement;

/**
 * The last announcement stored for one peering (PROTOCOL.md §5.3), with when it arrived and its
 * node-global arrival order, which breaks ties deterministically.
 */
public record PeerAnnouncement(
    SwitchAnnouncement announcement,
    long receiveTimeNs,
    long receiveOrder,
    Coordinates senderCoordinates) {

  public static PeerAnnouncement of(SwitchAnnouncement a, long receiveTimeNs, long receiveOrder) {
    return new PeerAnnouncement(a, receiveTimeNs, receiveOrder, a.senderCoordinates());
  }

  public Root root() {
    return announcement.root();
  }

  public boolean contains(PublicKey key) {
    return announcement.contains(key);
  }
}
